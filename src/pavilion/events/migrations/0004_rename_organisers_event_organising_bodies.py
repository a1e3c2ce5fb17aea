from django.db import migrations


class Migration(migrations.Migration):
    """Event.organisers held organisations while organising_team holds accounts: the name now says so."""

    dependencies = [
        ("directory", "0001_initial"),
        ("events", "0003_session_attendance"),
    ]

    operations = [
        migrations.RenameField(model_name="event", old_name="organisers", new_name="organising_bodies"),
    ]
