# Existing events keep what "registered" meant for them (every approved registration, also in
# categories that need no approval); new events count only registrations someone approved.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_merge_20261206_0107"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="registered_access",
            field=models.CharField(
                choices=[
                    ("approved", "Only registrations a focal point or an organiser approves"),
                    ("any", "Every registration, also in categories that need no approval"),
                ],
                default="any",
                help_text=(
                    "A category that needs no approval (such as Visitor) approves every registration at once. If "
                    "its registrations count, sessions for registered participants are open to anyone who creates "
                    "an account."
                ),
                max_length=10,
                verbose_name="sessions for registered participants are open to",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="registered_access",
            field=models.CharField(
                choices=[
                    ("approved", "Only registrations a focal point or an organiser approves"),
                    ("any", "Every registration, also in categories that need no approval"),
                ],
                default="approved",
                help_text=(
                    "A category that needs no approval (such as Visitor) approves every registration at once. If "
                    "its registrations count, sessions for registered participants are open to anyone who creates "
                    "an account."
                ),
                max_length=10,
                verbose_name="sessions for registered participants are open to",
            ),
        ),
    ]
