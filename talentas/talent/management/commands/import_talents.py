from talentas.talent.importing import ImportCommand, import_talent_row


class Command(ImportCommand):
    help = (
        "Import talent profiles from a CSV or JSON Lines file (one person a row/line). Columns: email, full_name, "
        "kind, headline, about, city, country, mobility, education_level, education_field, institution, "
        "occupation, experience_years, looking_for (comma-separated), available_from (YYYY-MM-DD), skills "
        "('label:level; label:level', ESCO labels/synonyms/URIs), languages ('lt:C2; en:B2'), visibility, "
        "consent (yes/no). Accounts are made for new e-mails (no password: people reset it). Each bad row is "
        "reported with its line and reason; good rows are kept."
    )
    import_row = staticmethod(import_talent_row)
