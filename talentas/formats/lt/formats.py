# Lithuanian practice groups thousands with a (non-breaking) space, "50 000 EUR"; Django's default is a dot.
THOUSAND_SEPARATOR = "\xa0"
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
