from talentas.talent.importing import ImportCommand, import_talent_row


class Command(ImportCommand):
    help = (
        "Import talent profiles from a CSV or JSON Lines file (one person a row/line). Columns: email, full_name, "
        "external_key (the city's own key: a re-import with the same key updates the profile), language (lt/en, "
        "of the invitation), kind, headline, about, city, country, mobility, education_level, education_field, "
        "institution, occupation, experience_years, looking_for (comma-separated), available_from (YYYY-MM-DD), "
        "skills ('label:level; label:level', ESCO labels/synonyms/URIs), languages ('lt:C2; en:B2'), visibility, "
        "consent (yes/no). New e-mails get an account without a password and an e-mailed invitation to set one. "
        "Each bad row is reported with its line and reason; good rows are kept. A results CSV (line, "
        "external_key, id, created/updated/refused, message) is written."
    )
    import_row = staticmethod(import_talent_row)
