from __future__ import annotations

from django.db import models


class Kecamatan(models.Model):
    code = models.CharField(max_length=8, unique=True)  # 36.71.01
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "kecamatan"

    def __str__(self) -> str:
        return self.name


class Kelurahan(models.Model):
    code = models.CharField(max_length=13, unique=True)  # 36.71.01.1001
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="kelurahan")
    name = models.CharField(max_length=100)
    # GeoJSON polygon rings [[lon, lat], ...] and their bounding box for a quick pre-filter.
    boundary = models.JSONField(default=list, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "kelurahan"

    def __str__(self) -> str:
        return self.name
