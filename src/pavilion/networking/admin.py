from __future__ import annotations

from django.contrib import admin

from pavilion.networking.models import Meeting, MeetingPlace, MeetingSlot, NetworkingProfile, ProposedTime


@admin.register(NetworkingProfile)
class NetworkingProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "is_listed", "consented_at"]
    list_filter = ["is_listed", "event"]
    raw_id_fields = ["user"]


@admin.register(MeetingSlot)
class MeetingSlotAdmin(admin.ModelAdmin):
    list_display = ["event", "starts_at", "length"]
    list_filter = ["event"]


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "kind"]
    list_filter = ["event", "kind"]


class ProposedTimeInline(admin.TabularInline):
    model = ProposedTime
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["event", "slot", "starts_at", "requester", "invitee", "booth", "status"]
    list_filter = ["status", "event"]
    raw_id_fields = ["requester", "invitee", "awaiting", "decided_by", "booth", "slot", "place"]
    inlines = [ProposedTimeInline]
