"""Plausible Spanish data for the synthetic generator (`procedures.demo.synthetic`).

Kept apart from the generator so the code stays short: organisational units, job
positions, resources of every cost element, common Peruvian municipal procedures and the
kinds of steps their Tabla ASME-VM usually has. Figures are typical 2026 values for a
municipality in Cajamarca, not data of any real entity.
"""

from __future__ import annotations

from typing import NamedTuple


class UnitSpec(NamedTuple):
    code: str
    name: str


class PositionSpec(NamedTuple):
    """A job title pattern; `{unit}` is replaced by the unit's name."""

    title: str
    min_cost: int
    max_cost: int


class ResourceSpec(NamedTuple):
    """A resource; `amount` is the unit cost (elements 2–3) or the annual cost (4, 5, 7).

    Depreciation uses `amount` as the acquisition cost, `quantity` items and `rate`.
    """

    code: str
    name: str
    element: str
    amount: str
    driver: str = ""
    quantity: int = 0
    rate: str = ""


class ProcedureSpec(NamedTuple):
    name: str
    unit: str  # code of the approving unit in UNIT_POOL (or TD)
    kind: str
    calificacion: str
    plazo: int
    min_demand: int
    max_demand: int
    free: bool = False  # free of charge by law (gratuito)


class StepSpec(NamedTuple):
    """A kind of step: `lane` is "citizen", "td" (Mesa de Partes), "approver" or "other"."""

    description: str
    lane: str
    type: str
    value: str
    min_minutes: int
    max_minutes: int
    optional: bool = False  # happens only in some cases (probability < 1)
    in_person: bool = False
    resource: str = ""  # identifiable resource used, if any
    weight: int = 10


#: Always present: the swimlane where files are received, and the rest of the entity.
FILING_UNIT = UnitSpec("TD", "Trámite Documentario (Mesa de Partes)")
OTHER_UNIT = UnitSpec("OT", "Otras unidades")

#: Units drawn for each synthetic municipality (besides TD and OT).
UNIT_POOL: tuple[UnitSpec, ...] = (
    UnitSpec("DU", "Subgerencia de Desarrollo Urbano y Catastro"),
    UnitSpec("RC", "Registro Civil"),
    UnitSpec("AT", "Administración Tributaria"),
    UnitSpec("DE", "Desarrollo Económico y Licencias"),
    UnitSpec("DC", "Gestión del Riesgo de Desastres y Defensa Civil"),
    UnitSpec("SG", "Secretaría General"),
    UnitSpec("AJ", "Asesoría Jurídica"),
    UnitSpec("CA", "Caja y Tesorería"),
    UnitSpec("TR", "Transportes y Seguridad Vial"),
    UnitSpec("SP", "Servicios Públicos y Gestión Ambiental"),
)

#: Job positions by seniority, with the range of their full annual cost in soles.
POSITION_LEVELS: tuple[PositionSpec, ...] = (
    PositionSpec("Auxiliar de {unit}", 20_400, 24_000),
    PositionSpec("Técnico de {unit}", 24_000, 36_000),
    PositionSpec("Especialista de {unit}", 42_000, 60_000),
    PositionSpec("Jefe de {unit}", 60_000, 84_000),
)

RESOURCES: tuple[ResourceSpec, ...] = (
    ResourceSpec("A4", "Papel bond A4 (hoja)", "material_fungible", "0.03"),
    ResourceSpec("FOLDER", "Folder manila A4", "material_fungible", "0.50"),
    ResourceSpec("FORM", "Formulario impreso", "material_fungible", "0.20"),
    ResourceSpec("MOV", "Movilidad local", "servicio_identificable", "10.00"),
    ResourceSpec("COUR", "Notificación por courier", "servicio_identificable", "8.00"),
    ResourceSpec("TONER", "Tóner y tinta", "material_no_fungible", "6000.00", "impresoras"),
    ResourceSpec("SELLO", "Sellos y tampones", "material_no_fungible", "900.00", "personal"),
    ResourceSpec("MANT", "Mantenimiento de equipos", "servicios_terceros", "7200.00", "PCs"),
    ResourceSpec("PC", "Computadoras", "depreciacion", "3000.00", "PCs", 20, "0.25"),
    ResourceSpec("IMP", "Impresoras", "depreciacion", "1500.00", "impresoras", 8, "0.25"),
    ResourceSpec("LUZ", "Energía eléctrica", "costos_fijos", "18000.00", "m2"),
    ResourceSpec("NET", "Internet", "costos_fijos", "9600.00", "PCs"),
    ResourceSpec("TEL", "Telefonía", "costos_fijos", "4800.00", "anexos"),
)

PROCEDURES: tuple[ProcedureSpec, ...] = (
    ProcedureSpec("Licencia de funcionamiento para establecimientos con nivel de riesgo bajo",
                  "DE", "procedimiento", "previa_positivo", 4, 100, 1500),
    ProcedureSpec("Licencia de funcionamiento para establecimientos con nivel de riesgo medio",
                  "DE", "procedimiento", "previa_positivo", 4, 50, 600),
    ProcedureSpec("Licencia de funcionamiento para establecimientos con nivel de riesgo alto",
                  "DE", "procedimiento", "previa_positivo", 10, 10, 150),
    ProcedureSpec("Cese de actividades de la licencia de funcionamiento", "DE",
                  "procedimiento", "automatica", 1, 20, 300),
    ProcedureSpec("Autorización para la instalación de anuncios publicitarios", "DE",
                  "procedimiento", "previa_positivo", 5, 10, 200),
    ProcedureSpec("Autorización para el comercio en la vía pública", "DE", "procedimiento",
                  "previa_positivo", 10, 20, 400),
    ProcedureSpec("Inspección técnica de seguridad en edificaciones de riesgo alto", "DC",
                  "procedimiento", "previa_positivo", 7, 10, 200),
    ProcedureSpec("Evaluación de las condiciones de seguridad en espectáculos públicos", "DC",
                  "procedimiento", "previa_positivo", 3, 5, 120),
    ProcedureSpec("Certificado de posesión para el otorgamiento de servicios básicos", "DU",
                  "procedimiento", "previa_positivo", 15, 20, 400),
    ProcedureSpec("Certificado de numeración de predio", "DU", "procedimiento",
                  "previa_positivo", 5, 30, 600),
    ProcedureSpec("Certificado de parámetros urbanísticos y edificatorios", "DU",
                  "procedimiento", "previa_positivo", 5, 10, 250),
    ProcedureSpec("Licencia de edificación — Modalidad A", "DU", "procedimiento", "automatica",
                  1, 10, 400),
    ProcedureSpec("Licencia de edificación — Modalidad B", "DU", "procedimiento",
                  "previa_positivo", 15, 5, 150),
    ProcedureSpec("Conformidad de obra y declaratoria de edificación", "DU", "procedimiento",
                  "previa_positivo", 10, 5, 150),
    ProcedureSpec("Subdivisión de lote urbano sin obras", "DU", "procedimiento",
                  "previa_positivo", 10, 5, 120),
    ProcedureSpec("Visación de planos para prescripción adquisitiva de dominio", "DU",
                  "procedimiento", "previa_positivo", 10, 5, 150),
    ProcedureSpec("Autorización para ejecutar obras en áreas de uso público", "DU",
                  "procedimiento", "previa_positivo", 10, 5, 100),
    ProcedureSpec("Constancia de no adeudo tributario", "AT", "servicio", "automatica", 1,
                  50, 1200),
    ProcedureSpec("Inscripción de predio en el registro de contribuyentes", "AT",
                  "procedimiento", "automatica", 1, 50, 900),
    ProcedureSpec("Fraccionamiento de deuda tributaria", "AT", "procedimiento",
                  "previa_positivo", 30, 20, 500),
    ProcedureSpec("Prescripción de deuda tributaria", "AT", "procedimiento",
                  "previa_negativo", 30, 5, 150),
    ProcedureSpec("Duplicado de declaración jurada de autoavalúo", "AT", "servicio",
                  "automatica", 1, 30, 800),
    ProcedureSpec("Matrimonio civil en el local municipal", "RC", "procedimiento",
                  "previa_negativo", 20, 20, 600),
    ProcedureSpec("Inscripción ordinaria de nacimiento", "RC", "procedimiento", "automatica",
                  1, 50, 1500, free=True),
    ProcedureSpec("Inscripción de defunción", "RC", "procedimiento", "automatica", 1, 20, 600,
                  free=True),
    ProcedureSpec("Copia certificada de acta de nacimiento, matrimonio o defunción", "RC",
                  "servicio", "automatica", 1, 100, 3000),
    ProcedureSpec("Rectificación administrativa de acta del registro civil", "RC",
                  "procedimiento", "previa_positivo", 15, 5, 120),
    ProcedureSpec("Separación convencional y divorcio ulterior", "AJ", "procedimiento",
                  "previa_positivo", 30, 5, 80),
    ProcedureSpec("Acceso a la información pública", "SG", "procedimiento", "previa_negativo",
                  10, 20, 400, free=True),
    ProcedureSpec("Copia fedateada de documentos del archivo municipal", "SG", "servicio",
                  "automatica", 1, 50, 900),
    ProcedureSpec("Reconocimiento de junta vecinal u organización social", "SG",
                  "procedimiento", "previa_positivo", 15, 5, 80),
    ProcedureSpec("Constancia de residencia", "SG", "servicio", "automatica", 1, 30, 800),
    ProcedureSpec("Permiso de operación para transporte en vehículos menores", "TR",
                  "procedimiento", "previa_positivo", 15, 10, 400),
    ProcedureSpec("Certificado de habilitación vehicular para vehículos menores", "TR",
                  "procedimiento", "previa_positivo", 5, 20, 600),
    ProcedureSpec("Autorización para la poda o tala de árboles en vía pública", "SP",
                  "procedimiento", "previa_positivo", 10, 5, 100),
    ProcedureSpec("Autorización para evento público no deportivo", "SG", "procedimiento",
                  "previa_positivo", 5, 10, 200),
)

REQUIREMENTS: tuple[tuple[str, str, str], ...] = (
    ("Solicitud con carácter de declaración jurada (formato gratuito)", "general", "0.00"),
    ("Declaración jurada de vigencia de poder del representante (personas jurídicas)",
     "especifico", "0.00"),
    ("Plano de ubicación firmado por profesional colegiado", "especifico", "120.00"),
    ("Copia simple del documento que sustenta el pedido", "especifico", "0.30"),
    ("Memoria descriptiva", "especifico", "50.00"),
    ("Copia simple del DNI del solicitante", "general", "0.10"),
    ("Certificado de antecedentes policiales", "especifico", "43.00"),
    ("Copia legalizada del título de propiedad", "especifico", "30.00"),
    ("Declaración jurada de cumplimiento de condiciones de seguridad", "especifico", "0.00"),
)

#: Steps a synthetic procedure is made of; the first and last are fixed in the generator.
STEPS: tuple[StepSpec, ...] = (
    StepSpec("Registrar el expediente en el sistema y derivar", "td", "operacion", "CONTROL",
             3, 10, resource="FOLDER", weight=8),
    StepSpec("Trasladar el expediente a la unidad responsable", "td", "traslado", "SVA", 5, 20,
             weight=8),
    StepSpec("El expediente espera en bandeja", "approver", "espera", "SVA", 240, 2400,
             weight=12),
    StepSpec("Revisar el expediente y los antecedentes", "approver", "revision", "CONTROL",
             10, 40, weight=14),
    StepSpec("Elaborar el informe técnico", "approver", "operacion", "VA", 20, 60,
             resource="A4", weight=14),
    StepSpec("Inspección de campo", "approver", "operacion", "VA", 45, 120, resource="MOV",
             weight=6),
    StepSpec("Expediente observado: notificar al administrado", "approver", "operacion",
             "CONTROL", 10, 20, optional=True, resource="COUR", weight=6),
    StepSpec("Subsanar las observaciones", "citizen", "operacion", "CONTROL", 15, 40,
             optional=True, in_person=True, weight=5),
    StepSpec("Pagar el derecho de trámite en Caja", "citizen", "operacion", "CONTROL", 10, 30,
             in_person=True, weight=4),
    StepSpec("Emitir opinión o visto bueno", "other", "revision", "CONTROL", 10, 30, weight=6),
    StepSpec("Trasladar el expediente para visto bueno", "other", "traslado", "SVA", 5, 20,
             weight=4),
    StepSpec("Revisar y firmar el documento", "approver", "revision", "CONTROL", 5, 15,
             resource="A4", weight=10),
    StepSpec("Notificar y entregar el resultado", "td", "operacion", "VA", 5, 15,
             resource="A4", weight=8),
    StepSpec("Recoger el resultado", "citizen", "operacion", "VA", 10, 30, in_person=True,
             weight=4),
)

FIRST_STEP = StepSpec("Presentar la solicitud y los requisitos en Mesa de Partes", "citizen",
                      "operacion", "VA", 10, 30, in_person=True)
RECEIVE_STEP = StepSpec("Recibir la solicitud y verificar los requisitos", "td", "revision",
                        "CONTROL", 5, 15, resource="A4")
LAST_STEP = StepSpec("Archivar el cargo y el expediente", "td", "archivo", "SVA", 3, 10)
