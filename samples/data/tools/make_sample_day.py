#!/usr/bin/env python3
"""Writes the Riverbend Health sample business day (samples/data) from the data tables below.

Run from anywhere:  python3 samples/data/tools/make_sample_day.py
The output is deterministic: the same script writes byte-identical files. Every count (SE01, GE01, IEA01,
QTY, HL numbering), every total (CLM02, CLP03/CLP04/CLP05, BPR02, STC04, AMT) and every NPI check digit is
computed here, so editing a table keeps the files valid and balanced.

Everything is fictitious: people, member ids, NPIs (valid check digits, not registered), tax ids,
bank routing numbers and payers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent

D = Decimal


# ---------------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------------

def npi(base9: str) -> str:
    """An NPI: nine digits plus the Luhn check digit computed over the 80840 prefix."""
    digits = "80840" + base9
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return base9 + str((10 - total % 10) % 10)


def aba(base8: str) -> str:
    """An ABA routing number: eight digits plus the check digit (weights 3, 7, 1)."""
    weights = [3, 7, 1, 3, 7, 1, 3, 7]
    total = sum(int(c) * w for c, w in zip(base8, weights))
    return base8 + str((10 - total % 10) % 10)


def amt(value: Decimal) -> str:
    """An X12 R amount: no trailing zeros, no trailing decimal point."""
    text = f"{value:.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def isa(sender: str, receiver: str, date6: str, time4: str, control: int) -> str:
    return (f"ISA*00*{'':10}*00*{'':10}*ZZ*{sender:<15}*ZZ*{receiver:<15}*{date6}*{time4}*^*00501*"
            f"{control:09d}*0*P*:")


def interchange(sender: str, receiver: str, date8: str, time4: str, control: int, groups: list[tuple[str, str, str, int, str, list[list[str]]]]) -> str:
    """groups: (functional id, GS02, GS03, GS06, GS08, transaction sets as segment lists without SE)."""
    lines = [isa(sender, receiver, date8[2:], time4, control)]
    for gid, gs02, gs03, gs06, gs08, sets in groups:
        lines.append(f"GS*{gid}*{gs02}*{gs03}*{date8}*{time4}*{gs06}*X*{gs08}")
        for body in sets:
            st02 = body[0].split("*")[2]
            lines.extend(body)
            lines.append(f"SE*{len(body) + 1}*{st02}")
        lines.append(f"GE*{len(sets)}*{gs06}")
    lines.append(f"IEA*{len(groups)}*{control:09d}")
    return "".join(s + "~\n" for s in lines)


def julian(date8: str) -> str:
    from datetime import date
    d = date(int(date8[:4]), int(date8[4:6]), int(date8[6:]))
    return f"{d.timetuple().tm_yday:03d}"


# ---------------------------------------------------------------------------------------------------------------------
# Organizations
# ---------------------------------------------------------------------------------------------------------------------

BUSINESS_DAY = "20250313"          # Thursday 13 March 2025: the day the folder holds
SERVICE_DAY = "20250312"           # the visits the day's 837s bill
PRIOR_SERVICE_DAY = "20250303"     # visits billed on 4 March and paid on 7 March (carried in for the reversal)
PRIOR_BILL_DAY = "20250304"
PRIOR_PAY_DAY = "20250307"

SUBMITTER = ("RIVERBEND HEALTH REVENUE CYCLE", "RBHRCM01")
CLEARINGHOUSE = ("CLEARPATH EDI", "CLEARPATH01")

RPG = dict(name="RIVERBEND PHYSICIAN GROUP", npi="1234567893", tin="999988880", taxonomy="193200000X",
           street="2200 NORTH RIVER PARKWAY", city="RIVERBEND", state="OR", zip="974010042",
           bank_routing=aba("12310078"), bank_account="4471093826")
RBH = dict(name="RIVERBEND REGIONAL HOSPITAL", npi="1245319599", tin="999977770", taxonomy="282N00000X",
           street="1500 RIVERSIDE DRIVE", city="RIVERBEND", state="OR", zip="974010031",
           bank_routing=aba("12310078"), bank_account="4471093818")

DOCTORS = {
    "MARSH": dict(last="MARSH", first="ELENA", npi=npi("147702558"), taxonomy="207Q00000X"),     # family medicine
    "HADDAD": dict(last="HADDAD", first="OMAR", npi=npi("162908175"), taxonomy="207R00000X"),    # internal medicine
    "OKAFOR": dict(last="OKAFOR", first="SAMUEL", npi=npi("138455021"), taxonomy="207Q00000X"),  # family medicine
    "RAMAN": dict(last="RAMAN", first="PRIYA", npi=npi("171043986"), taxonomy="207P00000X"),     # emergency medicine
}


@dataclass
class Payer:
    key: str
    name: str
    payer_id: str          # 837 2010BB NM109, 835 1000A REF*2U, 277CA 2100A NM109
    ein: str               # TRN03 = "1" + EIN
    street: str
    city: str
    state: str
    zip: str
    isa_id: str
    routing: str
    account: str
    phone: str
    icn_prefix: str


LAKESHORE = Payer("lakeshore", "LAKESHORE MUTUAL HEALTH", "1512345678", "512345678", "PO BOX 4410", "PORTLAND", "OR", "972084410",
                  "LAKESHOREMH", aba("32307065"), "88120457", "8005550190", "LK25")
MEDICARE_B = Payer("medicare-b", "HEARTLAND MEDICARE SERVICES PART B", "05302", "470612233", "PO BOX 6702", "FARGO", "ND", "581086702",
                   "HMSMAC05", aba("09140017"), "20055127", "8775550161", "12")
MEDICARE_A = Payer("medicare-a", "HEARTLAND MEDICARE SERVICES PART A", "05301", "470612233", "PO BOX 6701", "FARGO", "ND", "581086701",
                   "HMSMAC05", aba("09140017"), "20055119", "8775550160", "22")
MEDICAID = Payer("medicaid", "RIVERLANDS STATE MEDICAID", "61013", "936002107", "PO BOX 14015", "SALEM", "OR", "973094015",
                 "RLSMEDICAID", aba("12300007"), "71100388", "8005550112", "61")
BCBS = Payer("bcbs", "BLUE CROSS OF THE RIVERLANDS", "00790", "930221188", "PO BOX 1271", "PORTLAND", "OR", "972071271",
             "BCRIVERLANDS", aba("12300078"), "30092216", "8885550178", "B2")
SUMMIT = Payer("summit", "SUMMIT SENIOR ADVANTAGE", "SNR42", "861204473", "PO BOX 30420", "BOISE", "ID", "837110420",
               "SUMMITSA", aba("12410081"), "55071942", "8665550124", "SSA")


# ---------------------------------------------------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------------------------------------------------

@dataclass
class Person:
    last: str
    first: str
    member: str
    dob: str
    sex: str
    street: str
    zip: str
    city: str = "RIVERBEND"
    state: str = "OR"


@dataclass
class Adj:
    group: str
    reason: str
    amount: Decimal


@dataclass
class Line:
    code: str                       # CPT / HCPCS
    charge: Decimal
    revenue: str | None = None      # institutional revenue code
    units: int = 1
    dx: str = "1"
    allowed: Decimal | None = None  # 835 AMT*B6
    paid: Decimal | None = None
    adjustments: list[Adj] = field(default_factory=list)

    def balanced(self) -> bool:
        return self.paid is None or self.charge - sum(a.amount for a in self.adjustments) == self.paid


@dataclass
class Claim:
    pcn: str                        # CLM01 / CLP01 / TRN02
    payer: Payer
    filing: str                     # SBR09
    clp06: str                      # 835 CLP06
    subscriber: Person
    lines: list[Line]
    dx: list[str]
    service_day: str
    doctor: str
    patient: Person | None = None   # a dependent (2000C) when not the subscriber
    group_number: str | None = None
    pos: str = "11"                 # 837P place of service
    bill_type: str = "13"           # 837I facility type (bill type 13x: hospital outpatient)
    admission: tuple[str, str] = ("3", "1")
    pccn: str = ""                  # payer claim control number (277CA REF*1K, 835 CLP07)
    status277: tuple[str, str, str] | None = None  # (STC01, action, note) — None: accepted A2:20
    mrn: str | None = None

    @property
    def total(self) -> Decimal:
        return sum((l.charge for l in self.lines), D(0))

    @property
    def person(self) -> Person:
        return self.patient or self.subscriber


def p(last, first, member, dob, sex, street, zip_):
    return Person(last, first, member, dob, sex, street, zip_)


# Prior claims (billed 4 March, paid 7 March): the original payments the day's remittance reverses and recoups.
PRIOR_A = Claim("PG250303-0117", LAKESHORE, "12", "12",
                p("VANCE", "HARRIET", "LKM11873350", "19610419", "F", "418 ALDER COURT", "974010418"),
                [Line("99214", D("245.00"), allowed=D("118.40"), paid=D("93.40"), adjustments=[Adj("CO", "45", D("126.60")), Adj("PR", "3", D("25.00"))]),
                 Line("85025", D("65.00"), dx="1", allowed=D("10.67"), paid=D("10.67"), adjustments=[Adj("CO", "45", D("54.33"))])],
                ["E119", "I10"], PRIOR_SERVICE_DAY, "HADDAD", group_number="LKG20418", pccn="LK2506300117")
PRIOR_B = Claim("PG250303-0122", LAKESHORE, "12", "12",
                p("ASHBY", "COLIN", "LKM20990145", "19880923", "M", "77 SPRUCE LANE", "974010077"),
                [Line("99213", D("180.00"), allowed=D("133.65"), paid=D("108.65"), adjustments=[Adj("CO", "45", D("46.35")), Adj("PR", "3", D("25.00"))])],
                ["J069"], PRIOR_SERVICE_DAY, "MARSH", group_number="LKG31150", pccn="LK2506300122")

# The correction of PRIOR_A after Lakeshore reloaded its March fee schedule (99214 at 131.25, 85025 at 11.02).
CORRECTION_A = [
    Line("99214", D("245.00"), allowed=D("131.25"), paid=D("106.25"), adjustments=[Adj("CO", "45", D("113.75")), Adj("PR", "3", D("25.00"))]),
    Line("85025", D("65.00"), allowed=D("11.02"), paid=D("11.02"), adjustments=[Adj("CO", "45", D("53.98"))]),
]
CORRECTION_A_PCCN = "LK2507200117"
CORRECTION_A_INTEREST = D("0.38")
# The same reload showed 99213 paid at 133.65 instead of 121.50 on PRIOR_B: 12.15 recouped with PLB WO.
RECOUPMENT_B = D("12.15")

HAROLD_BRENNAN = p("BRENNAN", "HAROLD", "4QW7RT2PN58", "19481102", "M", "1207 MAPLE STREET", "974011207")

PROFESSIONAL = [
    Claim("PG250312-0401", LAKESHORE, "12", "12",
          p("ELLISON", "JORDAN", "LKM20418833", "19840614", "M", "35 HERON WAY", "974010035"),
          [Line("99213", D("180.00"), dx="1:2", allowed=D("121.50"), paid=D("96.50"), adjustments=[Adj("CO", "45", D("58.50")), Adj("PR", "3", D("25.00"))]),
           Line("85025", D("65.00"), dx="2", allowed=D("11.02"), paid=D("11.02"), adjustments=[Adj("CO", "45", D("53.98"))])],
          ["J069", "R509"], SERVICE_DAY, "MARSH", group_number="LKG20418",
          patient=p("ELLISON", "MAYA", "", "20160722", "F", "35 HERON WAY", "974010035")),
    Claim("PG250312-0402", MEDICARE_B, "MB", "MB", HAROLD_BRENNAN,
          [Line("99214", D("245.00"), dx="1:2", allowed=D("131.25"), paid=D("102.90"),
                adjustments=[Adj("CO", "45", D("113.75")), Adj("PR", "2", D("26.25")), Adj("CO", "253", D("2.10"))]),
           Line("80053", D("85.00"), dx="2", allowed=D("10.56"), paid=D("10.35"), adjustments=[Adj("CO", "45", D("74.44")), Adj("CO", "253", D("0.21"))])],
          ["I10", "E119"], SERVICE_DAY, "HADDAD"),
    Claim("PG250312-0403", MEDICAID, "MC", "MC",
          p("THORNTON", "AVA", "9001447721", "19990305", "F", "610 CEDAR AVENUE", "974010610"),
          [Line("99203", D("210.00"), dx="1", allowed=D("78.50"), paid=D("78.50"), adjustments=[Adj("CO", "45", D("131.50"))])],
          ["M5450"], SERVICE_DAY, "OKAFOR"),
    Claim("PG250312-0404", BCBS, "BL", "12",
          p("DELGADO", "MARCUS", "RBX884201771", "19770830", "M", "92 WILLOW BEND ROAD", "974010092"),
          [Line("99212", D("120.00"), dx="1", allowed=D("62.10"), paid=D("0.00"), adjustments=[Adj("CO", "45", D("57.90")), Adj("PR", "1", D("62.10"))]),
           Line("80053", D("85.00"), dx="1", allowed=D("14.39"), paid=D("14.39"), adjustments=[Adj("CO", "45", D("70.61"))])],
          ["E785"], SERVICE_DAY, "OKAFOR", group_number="BCR005512"),
    Claim("PG250312-0405", LAKESHORE, "12", "12",
          p("CALDWELL", "DENISE", "LKM30277104", "19700211", "F", "2301 BIRCH STREET", "974012301"),
          [Line("99213", D("180.00"), dx="1", paid=D("0.00"), adjustments=[Adj("CO", "50", D("180.00"))]),
           Line("71046", D("95.00"), dx="1", paid=D("0.00"), adjustments=[Adj("CO", "50", D("95.00"))])],
          ["Z0000"], SERVICE_DAY, "MARSH", group_number="LKG31150"),
    Claim("PG250312-0406", MEDICARE_B, "MB", "MB",
          p("ABERNATHY", "RUTH", "7KF2XW9QD33", "19440917", "F", "58 ORCHARD LANE", "974010058"),
          [Line("99213", D("180.00"), dx="1", allowed=D("92.45"), paid=D("0.00"), adjustments=[Adj("CO", "45", D("87.55")), Adj("PR", "1", D("92.45"))]),
           Line("71046", D("95.00"), dx="1", allowed=D("31.80"), paid=D("24.93"),
                adjustments=[Adj("CO", "45", D("63.20")), Adj("PR", "2", D("6.36")), Adj("CO", "253", D("0.51"))])],
          ["R0602"], SERVICE_DAY, "HADDAD"),
    Claim("PG250312-0407", LAKESHORE, "12", "12",
          p("NGUYEN", "TREVOR", "LKM4410927", "19930128", "M", "4 RIVERVIEW TERRACE", "974010004"),
          [Line("99202", D("150.00"), dx="1")],
          ["J0190"], SERVICE_DAY, "OKAFOR", group_number="LKG20418",
          status277=("A7:164:IL", "U", "rejected: the member id is not valid for the subscriber")),
    Claim("PG250312-0408", BCBS, "BL", "12",
          p("MARCHETTI", "SOFIA", "RBX661730042", "19910707", "F", "880 SUMMIT DRIVE", "974010880"),
          [Line("99213", D("180.00"), dx="1"), Line("81002", D("28.00"), dx="1")],
          ["N390"], SERVICE_DAY, "MARSH", group_number="BCR005512"),
]

INSTITUTIONAL = [
    Claim("HA7104151", LAKESHORE, "12", "12",
          p("LINDQVIST", "NORA", "LKM50381226", "19820503", "F", "15 FERRY STREET", "974010015"),
          [Line("99284", D("1450.00"), revenue="0450", allowed=D("612.00"), paid=D("462.00"), adjustments=[Adj("CO", "45", D("838.00")), Adj("PR", "3", D("150.00"))]),
           Line("80053", D("210.00"), revenue="0300", allowed=D("21.00"), paid=D("21.00"), adjustments=[Adj("CO", "45", D("189.00"))]),
           Line("85025", D("95.00"), revenue="0300", allowed=D("11.00"), paid=D("11.00"), adjustments=[Adj("CO", "45", D("84.00"))]),
           Line("71046", D("340.00"), revenue="0320", allowed=D("68.00"), paid=D("68.00"), adjustments=[Adj("CO", "45", D("272.00"))])],
          ["R079"], SERVICE_DAY, "RAMAN", group_number="LKG20418", admission=("1", "7"), mrn="RRH00418822"),
    Claim("HA7104152", MEDICARE_A, "MA", "MA", HAROLD_BRENNAN,
          [Line("80053", D("210.00"), revenue="0300", allowed=D("10.56"), paid=D("10.35"), adjustments=[Adj("CO", "45", D("199.44")), Adj("CO", "253", D("0.21"))]),
           Line("71046", D("340.00"), revenue="0320", allowed=D("96.20"), paid=D("75.42"),
                adjustments=[Adj("CO", "45", D("243.80")), Adj("PR", "2", D("19.24")), Adj("CO", "253", D("1.54"))])],
          ["I10"], SERVICE_DAY, "HADDAD", mrn="RRH00377105"),
    Claim("HA7104153", MEDICAID, "MC", "MC",
          p("ORTEGA", "LUIS", "9001862045", "20010918", "M", "303 QUARRY ROAD", "974010303"),
          [Line("99283", D("890.00"), revenue="0450", allowed=D("182.40"), paid=D("182.40"), adjustments=[Adj("CO", "45", D("707.60"))]),
           Line("J2405", D("45.00"), revenue="0250", units=4, paid=D("0.00"), adjustments=[Adj("CO", "97", D("45.00"))])],
          ["R112"], SERVICE_DAY, "RAMAN", admission=("1", "7"), mrn="RRH00502291"),
    Claim("HA7104154", BCBS, "BL", "12",
          p("BURROWS", "KEISHA", "RBX662019350", "19750126", "F", "47 LANTERN WAY", "974010047"),
          [Line("99213", D("260.00"), revenue="0510", allowed=D("118.00"), paid=D("78.00"), adjustments=[Adj("CO", "45", D("142.00")), Adj("PR", "1", D("40.00"))])],
          ["M25561"], SERVICE_DAY, "OKAFOR", group_number="BCR007730", mrn="RRH00611540"),
    # Paid through the payer's FHIR API (07-remittance.fhir.json), not an 835.
    Claim("HA7104155", SUMMIT, "16", "16",
          p("PRUITT", "WALTER", "SSA771203449", "19460611", "M", "12 GRANGE HALL ROAD", "974010012"),
          [Line("71046", D("340.00"), revenue="0320", allowed=D("92.00"), paid=D("72.00"), adjustments=[Adj("CO", "45", D("248.00")), Adj("PR", "3", D("20.00"))]),
           Line("85025", D("95.00"), revenue="0300", allowed=D("9.50"), paid=D("9.50"), adjustments=[Adj("CO", "45", D("85.50"))])],
          ["R0600"], SERVICE_DAY, "HADDAD", group_number="SSA0042", mrn="RRH00290017"),
    Claim("HA7104156", LAKESHORE, "12", "12",
          p("CASTELLANO", "IRENE", "LKM60719932", "19680402", "F", "900 OLD MILL ROAD", "974010900"),
          [Line("80053", D("210.00"), revenue="0300"), Line("81002", D("38.00"), revenue="0300")],
          ["R7309"], SERVICE_DAY, "MARSH", group_number="LKG31150", mrn="RRH00733318"),
]

# Payer claim control numbers assigned on receipt (277CA REF*1K = 835 CLP07).
_PCCN = {
    "PG250312-0401": "LK2507200401", "PG250312-0405": "LK2507200405", "PG250312-0407": "LK2507200407",
    "HA7104151": "LK2507200451", "HA7104156": "LK2507200456",
    "PG250312-0402": "1225072031402", "PG250312-0406": "1225072031406", "HA7104152": "2225072045152",
    "PG250312-0403": "6125072000403", "HA7104153": "6125072000453",
    "PG250312-0404": "B250720000404", "PG250312-0408": "B250720000408", "HA7104154": "B250720000454",
    "HA7104155": "SSA25072000455",
}
for _c in PROFESSIONAL + INSTITUTIONAL:
    _c.pccn = _PCCN[_c.pcn]

for _c in [PRIOR_A, PRIOR_B] + PROFESSIONAL + INSTITUTIONAL:
    for _l in _c.lines:
        assert _l.balanced(), (_c.pcn, _l.code)
for _l in CORRECTION_A:
    assert _l.balanced()


# ---------------------------------------------------------------------------------------------------------------------
# 837P / 837I
# ---------------------------------------------------------------------------------------------------------------------

def person_segments(qualifier: str, person: Person, with_id: bool) -> list[str]:
    name = f"NM1*{qualifier}*1*{person.last}*{person.first}****MI*{person.member}" if with_id else f"NM1*{qualifier}*1*{person.last}*{person.first}"
    return [name, f"N3*{person.street}", f"N4*{person.city}*{person.state}*{person.zip}", f"DMG*D8*{person.dob}*{person.sex}"]


def claim_837(claims: list[Claim], org: dict, institutional: bool, batch: str, date8: str, time4: str) -> list[str]:
    guide = "005010X223A2" if institutional else "005010X222A1"
    seg = [f"ST*837*0001*{guide}",
           f"BHT*0019*00*{batch}*{date8}*{time4}*CH",
           f"NM1*41*2*{SUBMITTER[0]}*****46*{SUBMITTER[1]}",
           "PER*IC*PATIENT FINANCIAL SERVICES*TE*5415550142*EM*EDI@RIVERBENDHEALTH.EXAMPLE",
           f"NM1*40*2*{CLEARINGHOUSE[0]}*****46*{CLEARINGHOUSE[1]}",
           "HL*1**20*1",
           f"PRV*BI*PXC*{org['taxonomy']}",
           f"NM1*85*2*{org['name']}*****XX*{org['npi']}",
           f"N3*{org['street']}",
           f"N4*{org['city']}*{org['state']}*{org['zip']}",
           f"REF*EI*{org['tin']}"]
    hl = 1
    for c in claims:
        hl += 1
        subscriber_hl = hl
        dependent = c.patient is not None
        seg.append(f"HL*{subscriber_hl}*1*22*{1 if dependent else 0}")
        seg.append(f"SBR*P*{'' if dependent else '18'}*{c.group_number or ''}******{c.filing}")
        seg.extend(person_segments("IL", c.subscriber, True))
        seg.append(f"NM1*PR*2*{c.payer.name}*****PI*{c.payer.payer_id}")
        if dependent:
            hl += 1
            seg.append(f"HL*{hl}*{subscriber_hl}*23*0")
            seg.append("PAT*19")
            seg.extend(person_segments("QC", c.patient, False))
        doctor = DOCTORS[c.doctor]
        if institutional:
            seg.append(f"CLM*{c.pcn}*{amt(c.total)}***{c.bill_type}:A:1**A*Y*Y")
            seg.append(f"DTP*434*RD8*{c.service_day}-{c.service_day}")
            seg.append(f"CL1*{c.admission[0]}*{c.admission[1]}*01")
            if c.mrn:
                seg.append(f"REF*EA*{c.mrn}")
            seg.append("HI*" + "*".join((["ABK:"] + ["ABF:"] * 11)[i] + dx for i, dx in enumerate(c.dx)))
            if c.admission[0] == "1":
                seg.append(f"HI*APR:{c.dx[0]}")
            seg.append(f"NM1*71*1*{doctor['last']}*{doctor['first']}****XX*{doctor['npi']}")
            seg.append(f"PRV*AT*PXC*{doctor['taxonomy']}")
        else:
            seg.append(f"CLM*{c.pcn}*{amt(c.total)}***{c.pos}:B:1*Y*A*Y*Y")
            seg.append("HI*" + "*".join((["ABK:"] + ["ABF:"] * 11)[i] + dx for i, dx in enumerate(c.dx)))
            seg.append(f"NM1*82*1*{doctor['last']}*{doctor['first']}****XX*{doctor['npi']}")
            seg.append(f"PRV*PE*PXC*{doctor['taxonomy']}")
        for n, line in enumerate(c.lines, start=1):
            seg.append(f"LX*{n}")
            if institutional:
                hcpcs = f"HC:{line.code}" if line.code else ""
                seg.append(f"SV2*{line.revenue}*{hcpcs}*{amt(line.charge)}*UN*{line.units}")
            else:
                seg.append(f"SV1*HC:{line.code}*{amt(line.charge)}*UN*{line.units}***{line.dx}")
            seg.append(f"DTP*472*D8*{c.service_day}")
            seg.append(f"REF*6R*{line_control(c, n)}")
    return seg


def line_control(c: Claim, n: int) -> str:
    return f"{c.pcn.replace('-', '')}L{n}"


def write_837(name: str, claims: list[Claim], org: dict, institutional: bool, control: int, batch: str, date8: str, time4: str) -> None:
    body = claim_837(claims, org, institutional, batch, date8, time4)
    guide = "005010X223A2" if institutional else "005010X222A1"
    text = interchange("RIVERBENDRCM", "CLEARPATHEDI", date8, time4, control, [("HC", SUBMITTER[1], CLEARINGHOUSE[1], control, guide, [body])])
    (OUT / name).write_text(text, encoding="ascii")


# ---------------------------------------------------------------------------------------------------------------------
# 999 and 277CA
# ---------------------------------------------------------------------------------------------------------------------

def write_999(name: str, control: int, acks: list[tuple[int, str]]) -> None:
    sets = []
    for i, (group, guide) in enumerate(acks, start=1):
        sets.append([f"ST*999*{i:04d}*005010X231A1", f"AK1*HC*{group}*{guide}", f"AK2*837*0001*{guide}", "IK5*A", "AK9*A*1*1*1"])
    text = interchange("CLEARPATHEDI", "RIVERBENDRCM", BUSINESS_DAY, "0832", control, [("FA", CLEARINGHOUSE[1], SUBMITTER[1], control, "005010X231A1", sets)])
    (OUT / name).write_text(text, encoding="ascii")


def claim_277(payer: Payer, claims: list[tuple[Claim, dict, bool, str]], st02: str) -> list[str]:
    """claims: (claim, billing organization, institutional, 837 batch id)."""
    day = BUSINESS_DAY
    accepted = [c for c, *_ in claims if c.status277 is None or c.status277[1] == "WQ"]
    rejected = [c for c, *_ in claims if c.status277 is not None and c.status277[1] == "U"]
    seg = [f"ST*277*{st02}*005010X214",
           f"BHT*0085*08*{payer.icn_prefix}{julian(day)}{st02}*{day}*1015*TH",
           "HL*1**20*1",
           f"NM1*PR*2*{payer.name}*****PI*{payer.payer_id}",
           f"TRN*1*{payer.icn_prefix}{julian(day)}{st02}",
           f"DTP*050*D8*{day}",
           f"DTP*009*D8*{day}",
           "HL*2*1*21*1",
           f"NM1*41*2*{SUBMITTER[0]}*****46*{SUBMITTER[1]}"]
    batches = sorted({b for *_, b in claims})
    assert len(batches) == 1
    seg.append(f"TRN*2*{batches[0]}")
    seg.append(f"STC*A1:19:PR*{day}*WQ*{amt(sum((c.total for c, *_ in claims), D(0)))}")
    seg.append(f"QTY*90*{len(accepted)}")
    if rejected:
        seg.append(f"QTY*AA*{len(rejected)}")
    seg.append(f"AMT*YU*{amt(sum((c.total for c in accepted), D(0)))}")
    if rejected:
        seg.append(f"AMT*YY*{amt(sum((c.total for c in rejected), D(0)))}")
    hl = 2
    for org in (RPG, RBH):
        mine = [(c, inst) for c, o, inst, _ in claims if o is org]
        if not mine:
            continue
        hl += 1
        provider_hl = hl
        acc = [c for c, _ in mine if c.status277 is None or c.status277[1] == "WQ"]
        rej = [c for c, _ in mine if c.status277 is not None and c.status277[1] == "U"]
        seg.append(f"HL*{provider_hl}*2*19*1")
        seg.append(f"NM1*85*2*{org['name']}*****XX*{org['npi']}")
        seg.append("TRN*1*0")
        if acc:
            seg.append(f"QTY*QA*{len(acc)}")
        if rej:
            seg.append(f"QTY*QC*{len(rej)}")
        if acc:
            seg.append(f"AMT*YU*{amt(sum((c.total for c in acc), D(0)))}")
        if rej:
            seg.append(f"AMT*YY*{amt(sum((c.total for c in rej), D(0)))}")
        for c, inst in mine:
            hl += 1
            person = c.person
            seg.append(f"HL*{hl}*{provider_hl}*PT")
            member = c.subscriber.member
            seg.append(f"NM1*QC*1*{person.last}*{person.first}****MI*{member}")
            seg.append(f"TRN*2*{c.pcn}")
            if c.status277 is None:
                seg.append(f"STC*A2:20:PR*{day}*WQ*{amt(c.total)}")
            else:
                seg.append(f"STC*{c.status277[0]}*{day}*{c.status277[1]}*{amt(c.total)}")
            seg.append(f"REF*1K*{c.pccn}")
            if inst:
                seg.append(f"REF*BLT*{c.bill_type}1")
            seg.append(f"DTP*472*RD8*{c.service_day}-{c.service_day}")
    return seg


def write_277(name: str, control: int, groups: list[tuple[Payer, list[tuple[Claim, dict, bool, str]]]]) -> None:
    sets = [claim_277(payer, claims, f"{i:04d}") for i, (payer, claims) in enumerate(groups, start=1)]
    text = interchange("CLEARPATHEDI", "RIVERBENDRCM", BUSINESS_DAY, "1015", control, [("HN", CLEARINGHOUSE[1], SUBMITTER[1], control, "005010X214", sets)])
    (OUT / name).write_text(text, encoding="ascii")


# ---------------------------------------------------------------------------------------------------------------------
# 835
# ---------------------------------------------------------------------------------------------------------------------

@dataclass
class Clp:
    claim: Claim
    status: str                      # CLP02
    lines: list[Line]
    sign: int = 1                    # -1: a reversal negating every amount
    pccn: str | None = None          # CLP07 (default: the claim's)
    original_pccn: str | None = None # 2100 REF*F8
    interest: Decimal | None = None  # 2100 AMT*I
    received: str | None = None      # 2100 DTM*050

    def charge(self) -> Decimal:
        return self.sign * sum((l.charge for l in self.lines), D(0))

    def paid(self) -> Decimal:
        return self.sign * sum((l.paid for l in self.lines), D(0))

    def patient(self) -> Decimal:
        return self.sign * sum((a.amount for l in self.lines for a in l.adjustments if a.group == "PR"), D(0))


@dataclass
class Plb:
    reason: str
    reference: str | None
    amount: Decimal


def remittance_835(payer: Payer, payee: dict, st02: str, trace: str, pay_date: str, method: str, clps: list[Clp], plbs: list[Plb], institutional: bool) -> list[str]:
    total_paid = sum((c.paid() for c in clps), D(0))
    total_plb = sum((x.amount for x in plbs), D(0))
    bpr02 = total_paid - total_plb
    assert bpr02 > 0, (payer.key, st02, bpr02)
    if method == "ACH":
        bpr = (f"BPR*I*{amt(bpr02)}*C*ACH*CCP*01*{payer.routing}*DA*{payer.account}*1{payer.ein}**01*"
               f"{payee['bank_routing']}*DA*{payee['bank_account']}*{pay_date}")
    else:
        bpr = f"BPR*C*{amt(bpr02)}*C*CHK************{pay_date}"
    seg = [f"ST*835*{st02}*005010X221A1",
           bpr,
           f"TRN*1*{trace}*1{payer.ein}",
           f"REF*EV*{SUBMITTER[1]}",
           f"DTM*405*{pay_date}",
           f"N1*PR*{payer.name}",
           f"N3*{payer.street}",
           f"N4*{payer.city}*{payer.state}*{payer.zip}",
           f"REF*2U*{payer.payer_id}",
           f"PER*BL*EDI SUPPORT*TE*{payer.phone}",
           f"N1*PE*{payee['name']}*XX*{payee['npi']}",
           f"N3*{payee['street']}",
           f"N4*{payee['city']}*{payee['state']}*{payee['zip']}",
           f"REF*TJ*{payee['tin']}",
           "LX*1"]
    for clp in clps:
        c, s = clp.claim, clp.sign
        facility = f"{c.bill_type}*1" if institutional else f"{c.pos}*1"
        seg.append(f"CLP*{c.pcn}*{clp.status}*{amt(clp.charge())}*{amt(clp.paid())}*{amt(clp.patient())}*{c.clp06}*{clp.pccn or c.pccn}*{facility}")
        person = c.person
        seg.append(f"NM1*QC*1*{person.last}*{person.first}****MI*{c.subscriber.member}")
        if c.patient is not None:
            seg.append(f"NM1*IL*1*{c.subscriber.last}*{c.subscriber.first}****MI*{c.subscriber.member}")
        seg.append(f"NM1*82*1*{DOCTORS[c.doctor]['last']}*{DOCTORS[c.doctor]['first']}****XX*{DOCTORS[c.doctor]['npi']}")
        if clp.original_pccn:
            seg.append(f"REF*F8*{clp.original_pccn}")
        if c.group_number:
            seg.append(f"REF*1L*{c.group_number}")
        if institutional:
            seg.append(f"DTM*232*{c.service_day}")
            seg.append(f"DTM*233*{c.service_day}")
        seg.append(f"DTM*050*{clp.received or BUSINESS_DAY}")
        if clp.interest:
            seg.append(f"AMT*I*{amt(clp.interest)}")
        for n, line in enumerate(clp.lines, start=1):
            if line.code:
                composite = f"HC:{line.code}"
                revenue = line.revenue or ""
            else:
                composite = f"NU:{line.revenue}"
                revenue = ""
            seg.append(f"SVC*{composite}*{amt(s * line.charge)}*{amt(s * line.paid)}*{revenue}*{line.units}".rstrip("*"))
            seg.append(f"DTM*472*{c.service_day}")
            for group in ("CO", "PR", "OA", "PI"):
                adjs = [a for a in line.adjustments if a.group == group]
                if adjs:
                    seg.append(f"CAS*{group}*" + "**".join(f"{a.reason}*{amt(s * a.amount)}" for a in adjs))
            seg.append(f"REF*6R*{line_control(c, n)}")
            if line.allowed is not None:
                seg.append(f"AMT*B6*{amt(s * line.allowed)}")
    if plbs:
        parts = []
        for x in plbs:
            parts.append((f"{x.reason}:{x.reference}" if x.reference else x.reason) + f"*{amt(x.amount)}")
        seg.append(f"PLB*{payee['npi']}*{pay_date[:4]}1231*" + "*".join(parts))
    return seg


def write_835(name: str, sender: Payer, control: int, date8: str, time4: str, sets: list[list[str]]) -> None:
    """One interchange and functional group from the paying organization; one transaction set per payer and payee."""
    text = interchange(sender.isa_id, "RIVERBENDRCM", date8, time4, control, [("HP", sender.isa_id, SUBMITTER[1], control, "005010X221A1", sets)])
    (OUT / name).write_text(text, encoding="ascii")


# ---------------------------------------------------------------------------------------------------------------------
# HL7 v2 DFT^P03
# ---------------------------------------------------------------------------------------------------------------------

@dataclass
class Charge:
    cdm: str
    description: str
    cpt: str
    amount: Decimal
    department: str
    units: int = 1


@dataclass
class Dft:
    control: str
    time: str
    account: str
    visit: str
    mrn: str
    patient: Person
    patient_class: str
    location: str            # PV1-3: point of care^room^bed^facility
    patient_type: str
    doctor: str
    financial_class: str
    charges: list[Charge]
    coverage: tuple[str, str, str, str] | None = None   # (plan, payer id, payer name, policy)


def segment(name: str, fields: dict[int, str]) -> str:
    """An HL7 v2 segment from its non-empty fields by position."""
    values = [""] * (max(fields) + 1)
    values[0] = name
    for position, value in fields.items():
        values[position] = value
    return "|".join(values)


def dft_message(m: Dft) -> list[str]:
    doctor = DOCTORS[m.doctor]
    person = m.patient
    pid = segment("PID", {1: "1", 3: f"{m.mrn}^^^RRH^MR", 5: f"{person.last}^{person.first}", 7: person.dob, 8: person.sex,
                          11: f"{person.street}^^{person.city}^{person.state}^{person.zip[:5]}", 18: m.account})
    pv1 = segment("PV1", {1: "1", 2: m.patient_class, 3: m.location, 7: f"{doctor['npi']}^{doctor['last']}^{doctor['first']}^^^^^^NPI",
                          18: m.patient_type, 19: m.visit, 20: m.financial_class, 44: f"{BUSINESS_DAY}{m.time[:4]}"})
    segs = [f"MSH|^~\\&|RRHCHARGE|RRH|HFSYNC|RBH|{BUSINESS_DAY}{m.time}||DFT^P03^DFT_P03|{m.control}|P|2.5.1",
            f"EVN|P03|{BUSINESS_DAY}{m.time}",
            pid,
            pv1]
    for n, ch in enumerate(m.charges, start=1):
        fields = [""] * 27
        fields[0] = "FT1"
        fields[1] = str(n)
        fields[2] = f"{m.visit}-{n:02d}"
        fields[4] = BUSINESS_DAY
        fields[5] = BUSINESS_DAY
        fields[6] = "CG"
        fields[7] = f"{ch.cdm}^{ch.description}^CDM"
        fields[10] = str(ch.units)
        fields[11] = money(ch.amount * ch.units)
        fields[12] = money(ch.amount)
        fields[13] = ch.department
        fields[16] = m.location
        fields[18] = m.patient_type
        fields[20] = f"{doctor['npi']}^{doctor['last']}^{doctor['first']}^^^^^^NPI"
        fields[25] = f"{ch.cpt}^^CPT"
        segs.append("|".join(fields).rstrip("|"))
    if m.coverage:
        plan, payer_id, payer_name, policy = m.coverage
        segs.append(segment("IN1", {1: "1", 2: plan, 3: payer_id, 4: payer_name, 36: policy}))
    return segs


# ---------------------------------------------------------------------------------------------------------------------
# The day
# ---------------------------------------------------------------------------------------------------------------------

def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)

    # 00a / 00b: carried in from earlier in March.
    write_837("00a-prior-claims-professional.837", [PRIOR_A, PRIOR_B], RPG, False, 704, "RPG20250304A", PRIOR_BILL_DAY, "0810")
    prior = remittance_835(LAKESHORE, RPG, "0001", "7403118826", PRIOR_PAY_DAY, "ACH",
                                      [Clp(PRIOR_A, "1", PRIOR_A.lines, received=PRIOR_BILL_DAY), Clp(PRIOR_B, "1", PRIOR_B.lines, received=PRIOR_BILL_DAY)], [], False)
    write_835("00b-prior-remittance-lakeshore.835", LAKESHORE, 52281, PRIOR_PAY_DAY, "0612", [prior])

    # 01 / 02: the day's claims.
    write_837("01-claims-professional.837", PROFESSIONAL, RPG, False, 731, "RPG20250313A", BUSINESS_DAY, "0815")
    write_837("02-claims-institutional.837", INSTITUTIONAL, RBH, True, 732, "RBH20250313A", BUSINESS_DAY, "0821")

    # 03: the clearinghouse's 999s, one per functional group.
    write_999("03-ack.999", 18841, [(731, "005010X222A1"), (732, "005010X223A2")])

    # 04: claim acknowledgments (277CA): one transaction set per payer and 837 batch it answers.
    groups = []
    for batch, claims_of_batch, org, institutional in (("RPG20250313A", PROFESSIONAL, RPG, False), ("RBH20250313A", INSTITUTIONAL, RBH, True)):
        for payer in (LAKESHORE, MEDICARE_B, MEDICARE_A, MEDICAID, BCBS, SUMMIT):
            mine = [(c, org, institutional, batch) for c in claims_of_batch if c.payer is payer]
            if mine:
                groups.append((payer, mine))
    write_277("04-claim-status.277", 18857, groups)

    # 05: remittances.
    claims = {c.pcn: c for c in PROFESSIONAL + INSTITUTIONAL}
    lk_rpg = remittance_835(LAKESHORE, RPG, "0001", "7403120571", BUSINESS_DAY, "ACH", [
        Clp(claims["PG250312-0401"], "1", claims["PG250312-0401"].lines),
        Clp(claims["PG250312-0405"], "4", claims["PG250312-0405"].lines),
        Clp(PRIOR_A, "22", PRIOR_A.lines, sign=-1, received=PRIOR_BILL_DAY),
        Clp(PRIOR_A, "1", CORRECTION_A, pccn=CORRECTION_A_PCCN, original_pccn=PRIOR_A.pccn, interest=CORRECTION_A_INTEREST, received=PRIOR_BILL_DAY),
    ], [Plb("L6", None, -CORRECTION_A_INTEREST), Plb("WO", f"{PRIOR_B.pcn} {PRIOR_B.pccn}", RECOUPMENT_B)], False)
    lk_rbh = remittance_835(LAKESHORE, RBH, "0002", "7403120572", BUSINESS_DAY, "ACH", [
        Clp(claims["HA7104151"], "1", claims["HA7104151"].lines),
    ], [], True)
    write_835("05-remittance-lakeshore.835", LAKESHORE, 52349, BUSINESS_DAY, "0604", [lk_rpg, lk_rbh])

    mc_b = remittance_835(MEDICARE_B, RPG, "0001", "0000918830", BUSINESS_DAY, "ACH", [
        Clp(claims["PG250312-0402"], "1", claims["PG250312-0402"].lines),
        Clp(claims["PG250312-0406"], "1", claims["PG250312-0406"].lines),
    ], [], False)
    mc_a = remittance_835(MEDICARE_A, RBH, "0002", "0000918831", BUSINESS_DAY, "ACH", [
        Clp(claims["HA7104152"], "1", claims["HA7104152"].lines),
    ], [], True)
    write_835("05-remittance-medicare.835", MEDICARE_B, 912544, BUSINESS_DAY, "0530", [mc_b, mc_a])

    md_rpg = remittance_835(MEDICAID, RPG, "0001", "30018842", BUSINESS_DAY, "CHK", [
        Clp(claims["PG250312-0403"], "1", claims["PG250312-0403"].lines),
    ], [], False)
    md_rbh = remittance_835(MEDICAID, RBH, "0002", "30018843", BUSINESS_DAY, "CHK", [
        Clp(claims["HA7104153"], "1", claims["HA7104153"].lines),
    ], [], True)
    write_835("05-remittance-medicaid.835", MEDICAID, 700213, BUSINESS_DAY, "0445", [md_rpg, md_rbh])

    bc_rpg = remittance_835(BCBS, RPG, "0001", "5500712093", BUSINESS_DAY, "ACH", [
        Clp(claims["PG250312-0404"], "1", claims["PG250312-0404"].lines),
    ], [], False)
    bc_rbh = remittance_835(BCBS, RBH, "0002", "5500712094", BUSINESS_DAY, "ACH", [
        Clp(claims["HA7104154"], "1", claims["HA7104154"].lines),
    ], [], True)
    write_835("05-remittance-bcbs.835", BCBS, 310417, BUSINESS_DAY, "0518", [bc_rpg, bc_rbh])

    # 06: the hospital's charge feed for the day's encounters.
    ed = Dft("RRHC250313000142", "101522", "HA7104231", "V25031300087", "RRH00622907",
             p("FERREIRA", "BIANCA", "LKM70155208", "19900314", "F", "66 TIDEWATER LANE", "974010066"),
             "E", "ED^B07^1^RRH-ED", "ER", "RAMAN", "COM",
             [Charge("45000284", "ED VISIT LEVEL 4", "99284", D("1450.00"), "H450"),
              Charge("32071046", "XR CHEST 2 VIEWS", "71046", D("340.00"), "H320"),
              Charge("30085025", "CBC W AUTO DIFF", "85025", D("95.00"), "H300")],
             ("LKPPO", LAKESHORE.payer_id, LAKESHORE.name, "LKM70155208"))
    dubois = p("DUBOIS", "CLAIRE", "2HT5QN8AW64", "19520817", "F", "311 CANNERY ROW", "974010311")
    lab = Dft("RRHC250313000168", "113040", "HA7104232", "V25031300112", "RRH00841163", dubois,
              "O", "LAB^DRAW2^1^RRH-MAIN", "OP", "HADDAD", "MCR",
              [Charge("30080053", "COMPREHENSIVE METABOLIC PANEL", "80053", D("210.00"), "H300"),
               Charge("30085025", "CBC W AUTO DIFF", "85025", D("95.00"), "H300")],
              ("MCRA", MEDICARE_A.payer_id, MEDICARE_A.name, dubois.member))
    clinic = Dft("RRHC250313000203", "142205", "HA7104233", "V25031300141", "RRH00659024",
                 p("ODUYA", "FEMI", "RBX550381276", "19800502", "M", "19 MILLRACE COURT", "974010019"),
                 "O", "CLN^EX4^1^RRH-MAIN", "CL", "OKAFOR", "BCB",
                 [Charge("51099213", "CLINIC VISIT EST LEVEL 3", "99213", D("260.00"), "H510"),
                  Charge("30081002", "URINALYSIS NONAUTO W/O SCOPE", "81002", D("38.00"), "H300")],
                 ("BCPPO", BCBS.payer_id, BCBS.name, "RBX550381276"))
    westside = Dft("RRHC250313000219", "155917", "HA7104234", "V25031300163", "RRH00790054",
                   p("HOLLOWAY", "GRANT", "", "19860919", "M", "2840 WEST BLUFF ROAD", "974012840"),
                   "O", "UC^R03^1^RRH-WEST", "UC", "MARSH", "SP",
                   [Charge("51099213", "URGENT CARE VISIT LEVEL 3", "99213", D("260.00"), "H510"),
                    Charge("30081002", "URINALYSIS NONAUTO W/O SCOPE", "81002", D("38.00"), "H300")])
    messages = [ed, lab, clinic, westside]
    (OUT / "06-charges.hl7").write_bytes("".join("".join(s + "\r\n" for s in dft_message(m)) for m in messages).encode("ascii"))

    # 07: the Medicare Advantage plan's FHIR remittance.
    (OUT / "07-remittance.fhir.json").write_text(json.dumps(fhir_bundle(claims["HA7104155"]), indent=2) + "\n", encoding="ascii")

    # 08: the payment gateway's settlement feed.
    write_payments("08-payments.csv")
    write_portal("08-payments-portal.json")


def fhir_bundle(c: Claim) -> dict:
    paid = sum((l.paid for l in c.lines), D(0))
    payment_id = "SSA-EFT-2025031300077"
    items = []
    for n, line in enumerate(c.lines, start=1):
        adjudication = [
            {"category": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adjudication", "code": "submitted"}]},
             "amount": {"value": float(line.charge), "currency": "USD"}},
            {"category": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adjudication", "code": "eligible"}]},
             "amount": {"value": float(line.allowed), "currency": "USD"}},
        ]
        copay = sum((a.amount for a in line.adjustments if a.group == "PR" and a.reason == "3"), D(0))
        if copay:
            adjudication.append({"category": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adjudication", "code": "copay"}]},
                                 "amount": {"value": float(copay), "currency": "USD"}})
        adjudication.append({"category": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adjudication", "code": "benefit"}]},
                             "amount": {"value": float(line.paid), "currency": "USD"}})
        items.append({
            "sequence": n,
            "revenue": {"coding": [{"system": "https://www.nubc.org/CodeSystem/RevenueCodes", "code": line.revenue}]},
            "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": line.code}]},
            "servicedDate": f"{c.service_day[:4]}-{c.service_day[4:6]}-{c.service_day[6:]}",
            "quantity": {"value": line.units},
            "net": {"value": float(line.charge), "currency": "USD"},
            "adjudication": adjudication,
        })
    copay_total = sum((a.amount for l in c.lines for a in l.adjustments if a.group == "PR"), D(0))
    day = "2025-03-13"
    ext = "https://github.com/healthfinance/HealthFinance.Canonical/fhir/StructureDefinition/"
    eob = {
        "resourceType": "ExplanationOfBenefit",
        "id": "eob-ssa25072000455",
        "extension": [{"url": ext + "claim-filing-indicator", "valueCode": c.clp06},
                      {"url": ext + "facility-type-code", "valueCode": c.bill_type}],
        "identifier": [{"system": "https://summitsenioradvantage.example/claim-number", "value": c.pccn}],
        "status": "active",
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "institutional"}]},
        "use": "claim",
        "patient": {"reference": "Patient/pt-walter-pruitt"},
        "billablePeriod": {"start": day.replace("13", "12"), "end": day.replace("13", "12")},
        "created": day,
        "insurer": {"reference": "Organization/org-summit"},
        "provider": {"reference": "Organization/org-rbh"},
        "claim": {"identifier": {"system": "https://github.com/healthfinance/HealthFinance.Canonical/fhir/NamingSystem/patient-control-number", "value": c.pcn}},
        "outcome": "complete",
        "insurance": [{"focal": True, "coverage": {"reference": "Coverage/cov-walter-pruitt"}}],
        "item": items,
        "total": [
            {"category": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adjudication", "code": "submitted"}]},
             "amount": {"value": float(c.total), "currency": "USD"}},
            {"category": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adjudication", "code": "benefit"}]},
             "amount": {"value": float(paid), "currency": "USD"}},
        ],
        "payment": {
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/ex-paymenttype", "code": "complete"}]},
            "date": day,
            "amount": {"value": float(paid), "currency": "USD"},
            "identifier": {"system": "https://github.com/healthfinance/HealthFinance.Canonical/fhir/NamingSystem/trace-number", "value": payment_id},
        },
    }
    assert copay_total == D("20.00")
    reconciliation = {
        "resourceType": "PaymentReconciliation",
        "id": "pr-ssa-eft-2025031300077",
        "extension": [{"url": ext + "payment-method", "valueCode": "ACH"}],
        "identifier": [{"system": "https://summitsenioradvantage.example/remittance", "value": "SSA-RA-2025031300077"}],
        "status": "active",
        "created": day + "T05:40:00-07:00",
        "paymentIssuer": {"reference": "Organization/org-summit"},
        "requestor": {"reference": "Organization/org-rbh"},
        "outcome": "complete",
        "disposition": "EFT issued for 1 claim",
        "paymentDate": day,
        "paymentAmount": {"value": float(paid), "currency": "USD"},
        "paymentIdentifier": {"system": "https://github.com/healthfinance/HealthFinance.Canonical/fhir/NamingSystem/trace-number", "value": payment_id},
        "detail": [{
            "identifier": {"value": f"{c.pccn}-PAY"},
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/payment-type", "code": "payment"}]},
            "request": {"identifier": {"system": "https://github.com/healthfinance/HealthFinance.Canonical/fhir/NamingSystem/patient-control-number", "value": c.pcn}},
            "response": {"reference": "ExplanationOfBenefit/eob-ssa25072000455"},
            "date": day,
            "payee": {"reference": "Organization/org-rbh"},
            "amount": {"value": float(paid), "currency": "USD"},
        }],
    }
    summit = {
        "resourceType": "Organization",
        "id": "org-summit",
        "identifier": [{"system": "https://github.com/healthfinance/HealthFinance.Canonical/fhir/NamingSystem/payer-id", "value": c.payer.payer_id}],
        "active": True,
        "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "ins"}]}],
        "name": "Summit Senior Advantage",
    }
    rbh = {
        "resourceType": "Organization",
        "id": "org-rbh",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": RBH["npi"]},
                       {"system": "urn:oid:2.16.840.1.113883.4.4", "value": RBH["tin"]}],
        "active": True,
        "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov"}]}],
        "name": "Riverbend Regional Hospital",
    }
    patient = {
        "resourceType": "Patient",
        "id": "pt-walter-pruitt",
        "identifier": [{"system": "https://riverbendhealth.example/mrn", "value": c.mrn}],
    }
    coverage = {
        "resourceType": "Coverage",
        "id": "cov-walter-pruitt",
        "identifier": [{"system": "https://summitsenioradvantage.example/member", "value": c.subscriber.member}],
        "status": "active",
        "beneficiary": {"reference": "Patient/pt-walter-pruitt"},
        "payor": [{"reference": "Organization/org-summit"}],
    }
    base = "https://fhir.summitsenioradvantage.example/R4/"
    entries = [reconciliation, eob, summit, rbh, patient, coverage]
    return {
        "resourceType": "Bundle",
        "id": "ssa-remittance-2025031300077",
        "type": "collection",
        "timestamp": day + "T05:40:00-07:00",
        "entry": [{"fullUrl": base + r["resourceType"] + "/" + r["id"], "resource": r} for r in entries],
    }


PAYMENT_HEADER = ["type", "transaction_id", "original_transaction_id", "patient_account", "encounter", "invoice", "method", "status",
                  "amount", "currency", "location", "posting_date", "settlement_batch", "legal_entity", "reason"]

PAYMENTS = [
    # type, id, original, account, encounter, invoice, method, status, amount, location, batch, entity, reason
    ("payment", "GWT-250313-000101", "", "G0048812", "PG250313-0412", "", "card", "settled", D("25.00"), "RPG-NORTH", "GW-20250313-CARD", "RPG", ""),
    ("payment", "GWT-250313-000102", "", "HA7098842", "", "INV-RBH-2502-18830", "ach", "settled", D("412.60"), "RRH-MAIN", "GW-20250313-ACH", "RBH", ""),
    ("payment", "GWT-250313-000103", "", "G0039917", "", "INV-RPG-2502-07214", "card", "failed", D("80.00"), "RPG-NORTH", "GW-20250313-CARD", "RPG", ""),
    ("payment", "GWT-250313-000104", "", "HA7101175", "", "INV-RBH-2502-19044", "card", "settled", D("95.00"), "RRH-MAIN", "GW-20250313-CARD", "RBH", ""),
    ("payment", "GWT-250313-000105", "", "HA7101175", "", "INV-RBH-2502-19044", "card", "settled", D("95.00"), "RRH-MAIN", "GW-20250313-CARD", "RBH", ""),
    ("payment", "GWT-250313-000106", "", "G0051160", "PG250313-0419", "", "cash", "settled", D("20.00"), "RPG-NORTH", "DRAWER-RPGN-20250313", "RPG", ""),
    ("payment", "GWT-250313-000107", "", "HA7104231", "V25031300087", "", "card", "settled", D("150.00"), "RRH-ED", "GW-20250313-CARD", "RBH", ""),
    ("payment", "GWT-250313-000108", "", "HA7099310", "", "INV-RBH-2502-18112", "check", "settled", D("310.00"), "RRH-MAIN", "LOCKBOX-20250313", "RBH", ""),
    # A refund carries no encounter, invoice, location or settlement batch: it names the payment it returns.
    ("refund", "RFD-250313-0007", "GWT-250313-000105", "HA7101175", "", "", "card", "settled", D("95.00"), "", "", "RBH", "overpayment"),
]


def write_payments(name: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PAYMENT_HEADER)
    for t, tid, orig, account, encounter, invoice, method, status, amount, location, batch, entity, reason in PAYMENTS:
        writer.writerow([t, tid, orig, account, encounter, invoice, method, status, money(amount), "USD", location, "2025-03-13", batch, entity, reason])
    (OUT / name).write_text(buffer.getvalue(), encoding="ascii")


# The patient portal's feed: the same fields as JSON (camelCase names), other transactions of the day.
PORTAL = [
    ("payment", "PPT-250313-00031", "", "G0044120", "", "INV-RPG-2502-06980", "ach", "settled", D("140.00"), "RPG-NORTH", "PORTAL-20250313-ACH", "RPG", ""),
    ("payment", "PPT-250313-00032", "", "HA7100462", "", "INV-RBH-2502-18391", "card", "settled", D("64.00"), "RRH-MAIN", "PORTAL-20250313-CARD", "RBH", ""),
    # The patient pressed "pay" twice; the portal voided the second authorization before settlement.
    ("payment", "PPT-250313-00033", "", "HA7100462", "", "INV-RBH-2502-18391", "card", "voided", D("64.00"), "RRH-MAIN", "PORTAL-20250313-CARD", "RBH", ""),
]

JSON_NAMES = ["type", "transactionId", "originalTransactionId", "patientAccount", "encounter", "invoice", "method", "status",
              "amount", "currency", "location", "postingDate", "settlementBatch", "legalEntity", "reason"]


def write_portal(name: str) -> None:
    records = []
    for t, tid, orig, account, encounter, invoice, method, status, amount, location, batch, entity, reason in PORTAL:
        values = [t, tid, orig, account, encounter, invoice, method, status, amount, "USD", location, "2025-03-13", batch, entity, reason]
        parts = []
        for key, value in zip(JSON_NAMES, values):
            if value == "":
                continue
            parts.append(f'"{key}": {money(value)}' if isinstance(value, Decimal) else f'"{key}": {json.dumps(value)}')
        records.append("    { " + ", ".join(parts) + " }")
    (OUT / name).write_text('{\n  "transactions": [\n' + ",\n".join(records) + "\n  ]\n}\n", encoding="ascii")


if __name__ == "__main__":
    main()
