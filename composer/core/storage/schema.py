"""The names of the schema migrations, in order.

Read at every start to see whether anything is pending, without loading
sqlite-utils (≈60 ms) when nothing is; ``migrations.py`` defines them.
"""

MIGRATIONS: tuple[str, ...] = ("0001_initial", "0002_history", "0003_approval", "0004_photos_consent",
                                  "0005_export", "0006_people_of_stored_photos", "0007_search_versions",
                                  "0008_crop_mats", "0009_draft_revisions", "0010_live",
                                  "0011_planning")
MIGRATION_SET = "composer"
#: Kept in ``PRAGMA user_version`` after migrating: a file with a higher number was made by a newer
#: Post Composer and is refused, unchanged.
SCHEMA_VERSION = len(MIGRATIONS)
