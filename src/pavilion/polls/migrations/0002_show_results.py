# Polls made before the choice existed showed their counts as the votes came in, and keep doing so;
# new polls show them to each person once they have voted, unless the organiser chooses otherwise.

from django.db import migrations, models

CHOICES = [
    ("live", "As the votes come in"),
    ("voted", "To each person once they have voted"),
    ("closed", "When the poll closes"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("polls", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="poll",
            name="show_results",
            field=models.CharField(choices=CHOICES, default="live", max_length=10, verbose_name="show results"),
        ),
        migrations.AlterField(
            model_name="poll",
            name="show_results",
            field=models.CharField(choices=CHOICES, default="voted", max_length=10, verbose_name="show results"),
        ),
    ]
