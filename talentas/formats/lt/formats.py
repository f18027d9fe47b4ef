# Lithuanian dates follow what the state's own sites write (e-tar.lt legal acts, lrv.lt, the Seimas): a date in
# words is "2026 m. gruodžio 2 d." (the year first, the month in the genitive, the standard abbreviations "m." and
# "d."), and a date in figures is the ISO order "2026-12-02", which the Lithuanian standard LST ISO 8601 and the
# State Commission of the Lithuanian Language recommend over "02.12.2026". A time is 24-hour, "21:23". Django's
# `E` is the month in the genitive ("gruodžio"), `F` the nominative ("gruodis").
DATE_FORMAT = r"Y \m. E j \d."
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = r"Y \m. E j \d. H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = r"Y \m. F"
MONTH_DAY_FORMAT = r"E j \d."
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y.%m.%d", "%Y %m %d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
# Lithuanian practice groups thousands with a (non-breaking) space, "50 000 EUR"; Django's default is a dot.
THOUSAND_SEPARATOR = "\xa0"
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
