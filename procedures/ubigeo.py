"""The INEI ubigeo list of Cajamarca's 127 districts (resources/data)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from procedures.resources import resource_path

UBIGEO_CSV = resource_path("data", "ubigeo_cajamarca.csv")


@dataclass(frozen=True, slots=True)
class District:
    ubigeo: str
    department: str
    province: str
    district: str

    @property
    def province_code(self) -> str:
        return self.ubigeo[:4]

    @property
    def is_provincial_seat(self) -> bool:
        """The capital district, governed by the provincial municipality."""
        return self.ubigeo.endswith("01")

    @property
    def municipality_name(self) -> str:
        if self.is_provincial_seat:
            return f"Municipalidad Provincial de {self.province}"
        return f"Municipalidad Distrital de {self.district}"


@cache
def districts() -> tuple[District, ...]:
    with UBIGEO_CSV.open(encoding="utf-8") as stream:
        return tuple(
            District(row["ubigeo"], row["departamento"], row["provincia"], row["distrito"])
            for row in csv.DictReader(stream)
        )


@cache
def _by_code() -> dict[str, District]:
    return {d.ubigeo: d for d in districts()}


def district_of(ubigeo: str) -> tuple[str, str, str] | None:
    """(department, province, district) names of a known ubigeo."""
    found = _by_code().get(ubigeo)
    return (found.department, found.province, found.district) if found else None


def province_name(code: str) -> str | None:
    """Name of a province from its four-digit code (0601 -> Cajamarca)."""
    return next((d.province for d in districts() if d.province_code == code), None)
