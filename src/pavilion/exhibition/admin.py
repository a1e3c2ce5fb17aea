from __future__ import annotations

from django.contrib import admin
from i18nfield.admin import I18nModelAdmin

from pavilion.exhibition.models import (
    Booth,
    BoothDemo,
    BoothDocument,
    BoothImage,
    BoothVideo,
    Hall,
    Pavilion,
    Product,
    ProductImage,
)


class _Inline(admin.TabularInline):
    extra = 0
    # Inlines are not ModelAdmins; give them the same per-language widgets explicitly.
    formfield_overrides = I18nModelAdmin.formfield_overrides_defaults


class BoothImageInline(_Inline):
    model = BoothImage


class BoothVideoInline(_Inline):
    model = BoothVideo


class BoothDocumentInline(_Inline):
    model = BoothDocument


class BoothDemoInline(_Inline):
    model = BoothDemo
    raw_id_fields = ["session"]


class ProductImageInline(_Inline):
    model = ProductImage


@admin.register(Hall)
class HallAdmin(I18nModelAdmin):
    list_display = ["__str__", "event", "slug", "position"]
    list_filter = ["event"]


@admin.register(Pavilion)
class PavilionAdmin(I18nModelAdmin):
    list_display = ["__str__", "event", "hall", "kind", "country", "organisation", "tier", "position"]
    list_filter = ["event", "kind", "tier"]


@admin.register(Booth)
class BoothAdmin(I18nModelAdmin):
    list_display = ["__str__", "event", "pavilion", "owner", "status"]
    list_filter = ["event", "status"]
    filter_horizontal = ["staff"]
    inlines = [BoothImageInline, BoothVideoInline, BoothDocumentInline, BoothDemoInline]


@admin.register(Product)
class ProductAdmin(I18nModelAdmin):
    list_display = ["__str__", "booth", "kind", "category"]
    list_filter = ["kind", "category"]
    inlines = [ProductImageInline]
