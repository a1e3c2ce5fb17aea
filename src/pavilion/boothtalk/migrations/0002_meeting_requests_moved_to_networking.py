# Meeting requests are networking's now: networking 0004 carried them over before these tables go.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('boothtalk', '0001_initial'),
        ('networking', '0004_booth_meeting_requests_from_boothtalk'),
    ]

    operations = [
        # The constraint goes first, so that going back recreates the table before its constraint.
        migrations.RemoveConstraint(model_name='meetingslot', name='meeting_slot_once'),
        migrations.RemoveField(
            model_name='meetingslot',
            name='meeting',
        ),
        migrations.DeleteModel(
            name='MeetingRequest',
        ),
        migrations.DeleteModel(
            name='MeetingSlot',
        ),
    ]
