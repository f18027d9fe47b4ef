from talentas.talent.importing import ImportCommand, import_opportunity_row


class Command(ImportCommand):
    help = (
        "Import opportunities from a CSV or JSON Lines file. Columns: organisation (slug), poster (e-mail of a "
        "member), external_key (the organisation's own key: a re-import with the same key updates the "
        "opportunity), kind, title, description, occupation, education_level, city, workplace, salary_min, "
        "salary_max, start_date, closes_on, required_skills and optional_skills ('label; label', up to 400 in "
        "all), languages ('lt:B2:required; en:B1'). Each bad row is reported with its line and reason; good rows "
        "are kept. A results CSV (line, external_key, id, created/updated/refused, message) is written."
    )
    import_row = staticmethod(import_opportunity_row)
