from talentas.talent.importing import ImportCommand, import_opportunity_row


class Command(ImportCommand):
    help = (
        "Import opportunities from a CSV or JSON Lines file. Columns: organisation (slug), poster (e-mail of a "
        "member), kind, title, description, occupation, education_level, city, workplace, salary_min, "
        "salary_max, start_date, closes_on, required_skills and optional_skills ('label; label'), languages "
        "('lt:B2:required; en:B1'). Each bad row is reported with its line and reason; good rows are kept."
    )
    import_row = staticmethod(import_opportunity_row)
