#!/usr/bin/env python3
"""Validate the Sanad demo conference data (api/demo/amman-2019.json).

Standard library only. Usage:

    python3 api/demo/check_demo.py [path/to/amman-2019.json]

Prints "demo ok" and exits 0, or prints each problem and exits 1.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PATH = os.path.join(HERE, "amman-2019.json")

TRI = {"YES", "NO", "UNKNOWN"}
DIRS = {"LTR", "RTL"}
PLACE_KINDS = {"ENTRANCE", "LIFT", "ACCESSIBLE_TOILET", "TOILET", "QUIET_ROOM", "PRAYER_ROOM",
               "FIRST_AID", "HELP_DESK", "REGISTRATION", "CLOAKROOM", "CAFE",
               "SERVICE_ANIMAL_RELIEF", "CHARGING_POINT"}
REQUIRED_PLACE_KINDS = {"ENTRANCE", "LIFT", "ACCESSIBLE_TOILET", "QUIET_ROOM", "PRAYER_ROOM",
                        "FIRST_AID", "HELP_DESK", "REGISTRATION", "SERVICE_ANIMAL_RELIEF"}
SESSION_KINDS = {"PLENARY", "PANEL", "WORKSHOP", "SIDE_EVENT", "BREAK", "RECEPTION", "OTHER"}
ROLES = {"CHAIR", "MODERATOR", "KEYNOTE", "PANELLIST", "SPEAKER", "RAPPORTEUR", "HOST"}
DOC_FORMATS = {"TAGGED_PDF", "DOCX", "HTML", "EPUB", "BRF", "LARGE_PRINT", "EASY_READ"}
SEVERITIES = {"INFO", "CHANGE", "URGENT", "EMERGENCY"}
T_KEYS = {"en", "fr", "ar", "es"}
T_REQUIRED = ("en", "fr", "ar")
REQUIRED_GLOSSARY = {"APMBC", "ERW", "CRPD", "SDG", "ISU", "ICBL", "ICRC", "UN", "EU", "UNDP",
                     "WHO", "OPD", "CDPH", "ODD", "CICR"}
CONFERENCE_DAYS = ("2019-09-10", "2019-09-11", "2019-09-12")
URL_PREFIX = "https://example.org/amman-2019"
KEY_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TIME_RE = re.compile(r"^(2019-09-1[0-2])T([01]\d|2[0-3]):([0-5]\d)$")
URL_RE = re.compile(r"https?://\S+")
LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")
ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F]+")
EMOJI_RE = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF]")
ASCII_ART_RE = re.compile(r"(->|<-|=>|<=|:-?\)|:-?\(|;-?\)|\*\*\*|---|===|\|\||\^\^|o_O|<3)")
ABBREVIATED_HONORIFIC_RE = re.compile(
    r"(\.|^(dr|prof|pr|mr|mrs|ms|mme|mlle|m|he|h e|s e|se|sr|sra|srta|dra)$)", re.IGNORECASE)
# Heuristic: speaker texts must not disclose a disability or survivor status.
DISCLOSURE_RE = re.compile(
    r"\b(is a (mine |landmine )?survivor|survivor himself|survivor herself|lost (his|her) (leg|arm|sight|hand|foot)|"
    r"amputee|uses a wheelchair|wheelchair user|is blind|is deaf|was injured|was wounded|"
    r"his disability|her disability|lives with a disability)\b", re.IGNORECASE)
# Texts where upper-case syllables are expected (pronunciation), exempt from the acronym rule.
ACRONYM_EXEMPT_FIELDS = {"pronunciationHint", "spokenAs"}
# Fields that are single T objects (or null where allowed) at each level.

problems = []


def problem(msg):
    problems.append(msg)


class Texts:
    """Collects every T object found, with its path and field name."""

    def __init__(self):
        self.items = []  # (path, field, T)

    def add(self, path, field, t):
        self.items.append((path, field, t))


texts = Texts()


def check_T(t, path, field, nullable=False):
    if t is None:
        if not nullable:
            problem(f"{path}: {field} is null but must be a translated text")
        return
    if not isinstance(t, dict):
        problem(f"{path}: {field} must be a translated text object, got {type(t).__name__}")
        return
    extra = set(t) - T_KEYS
    if extra:
        problem(f"{path}: {field} has unexpected language keys {sorted(extra)}")
    for lang in T_REQUIRED:
        v = t.get(lang)
        if not isinstance(v, str) or not v.strip():
            problem(f"{path}: {field}.{lang} missing or empty")
    if "es" in t and (not isinstance(t["es"], str) or not t["es"].strip()):
        problem(f"{path}: {field}.es present but empty")
    for lang, v in t.items():
        if isinstance(v, str) and v != v.strip():
            problem(f"{path}: {field}.{lang} has leading or trailing whitespace")
    texts.add(path, field, t)


def require(obj, keys, path):
    if not isinstance(obj, dict):
        problem(f"{path}: expected an object")
        return False
    ok = True
    for k in keys:
        if k not in obj:
            problem(f"{path}: missing key '{k}'")
            ok = False
    return ok


def check_exact_keys(obj, keys, path):
    if not isinstance(obj, dict):
        return
    extra = set(obj) - set(keys)
    if extra:
        problem(f"{path}: unexpected keys {sorted(extra)}")


def check_url(url, path, field, nullable=False):
    if url is None and nullable:
        return
    if not isinstance(url, str) or not url.startswith(URL_PREFIX):
        problem(f"{path}: {field} must be a URL starting with {URL_PREFIX}, got {url!r}")


def check_tri(v, path, field):
    if v not in TRI:
        problem(f"{path}: {field} must be one of {sorted(TRI)}, got {v!r}")


def unique_keys(items, path, keyname="key"):
    seen = set()
    for i, it in enumerate(items):
        k = it.get(keyname) if isinstance(it, dict) else None
        if not isinstance(k, str) or not k:
            problem(f"{path}[{i}]: missing {keyname}")
            continue
        if keyname == "key" and not KEY_RE.match(k):
            problem(f"{path}[{i}]: key {k!r} must be lower-case words joined by hyphens")
        if k in seen:
            problem(f"{path}: duplicate {keyname} {k!r}")
        seen.add(k)
    return seen


def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def acronyms_in(text):
    """Upper-case words of two or more Latin letters; a plural 's' is stripped (OPDs -> OPD)."""
    found = set()
    for w in WORD_RE.findall(URL_RE.sub(" ", text)):
        core = w[:-1] if len(w) > 2 and w.endswith("s") and w[:-1].isupper() else w
        if len(core) >= 2 and core.isupper():
            found.add(core)
    return found


def main(path):
    try:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
    except OSError as e:
        print(f"cannot read {path}: {e}")
        return 1
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        print(f"{path}: invalid JSON: {e}")
        return 1

    # ---- file format -------------------------------------------------------
    if "\\u" in raw:
        problem("file contains \\u escapes; write UTF-8 characters directly")
    if raw != json.dumps(data, ensure_ascii=False, indent=2) + "\n":
        problem("file is not pretty-printed with 2-space indentation (json.dumps(..., ensure_ascii=False, indent=2) plus a final newline)")
    for m in EMOJI_RE.finditer(raw):
        problem(f"emoji or pictograph U+{ord(m.group()):04X} found")

    if not require(data, ["languages", "conference", "venue", "tracks", "speakers", "glossary",
                          "sessions", "announcements"], "root"):
        for p in problems:
            print(p)
        return 1
    check_exact_keys(data, ["languages", "conference", "venue", "tracks", "speakers", "glossary",
                            "sessions", "announcements"], "root")

    # ---- languages ---------------------------------------------------------
    lang_tags = {}
    for i, l in enumerate(data["languages"]):
        p = f"languages[{i}]"
        if not require(l, ["tag", "nativeName", "dir", "sign", "name"], p):
            continue
        check_exact_keys(l, ["tag", "nativeName", "dir", "sign", "name"], p)
        if l["tag"] in lang_tags:
            problem(f"{p}: duplicate tag {l['tag']!r}")
        lang_tags[l["tag"]] = l
        if l["dir"] not in DIRS:
            problem(f"{p}: dir must be LTR or RTL")
        if not isinstance(l["sign"], bool):
            problem(f"{p}: sign must be true or false")
        if not isinstance(l["nativeName"], str) or not l["nativeName"]:
            problem(f"{p}: nativeName missing")
        check_T(l["name"], p, "name")
    for tag, sign in (("en", False), ("fr", False), ("ar", False), ("es", False), ("ils", True), ("jos", True)):
        if tag not in lang_tags:
            problem(f"languages: missing {tag!r}")
        elif lang_tags[tag].get("sign") is not sign:
            problem(f"languages: {tag!r} must have sign={str(sign).lower()}")
    if "ar" in lang_tags and lang_tags["ar"].get("dir") != "RTL":
        problem("languages: ar must be RTL")
    spoken = {t for t, l in lang_tags.items() if not l.get("sign")}
    signed = {t for t, l in lang_tags.items() if l.get("sign")}

    # ---- conference --------------------------------------------------------
    c = data["conference"]
    ckeys = ["slug", "timeZone", "startDate", "endDate", "defaultLanguage", "languages", "name", "city",
             "tagline", "description", "sampleNotice", "organiser", "website"]
    if require(c, ckeys, "conference"):
        check_exact_keys(c, ckeys, "conference")
        expect = {"slug": "amman-2019", "timeZone": "Asia/Amman", "startDate": "2019-09-10",
                  "endDate": "2019-09-12", "defaultLanguage": "en"}
        for k, v in expect.items():
            if c[k] != v:
                problem(f"conference: {k} must be {v!r}, got {c[k]!r}")
        want = {"en": True, "fr": True, "ar": True, "es": False}
        got = {}
        for i, cl in enumerate(c["languages"]):
            if require(cl, ["tag", "required"], f"conference.languages[{i}]"):
                got[cl["tag"]] = cl["required"]
        if got != want:
            problem(f"conference.languages must be {want}, got {got}")
        for k in ("name", "tagline", "description", "sampleNotice", "organiser"):
            check_T(c[k], "conference", k)
        check_url(c["website"], "conference", "website")
        for k in ("sampleNotice", "description"):
            t = c.get(k)
            if isinstance(t, dict) and "sample" not in t.get("en", "").lower():
                problem(f"conference.{k}.en must say plainly that the content is sample content")

    # ---- venue -------------------------------------------------------------
    v = data["venue"]
    vkeys = ["name", "address", "description", "arrival", "map", "places", "rooms", "routes"]
    places, rooms, routes = [], [], []
    if require(v, vkeys, "venue"):
        check_exact_keys(v, vkeys, "venue")
        for k in ("name", "address", "description", "arrival"):
            check_T(v[k], "venue", k)
        if isinstance(v["name"], dict) and "sample" not in v["name"].get("en", "").lower():
            problem("venue.name.en must mark the venue as a sample")
        mp = v["map"]
        if require(mp, ["url", "alt", "longDescription"], "venue.map"):
            check_exact_keys(mp, ["url", "alt", "longDescription"], "venue.map")
            check_url(mp["url"], "venue.map", "url")
            check_T(mp["alt"], "venue.map", "alt")
            check_T(mp["longDescription"], "venue.map", "longDescription")
        places, rooms, routes = v["places"], v["rooms"], v["routes"]

    place_keys = unique_keys(places, "venue.places")
    room_keys = unique_keys(rooms, "venue.rooms")
    both = place_keys & room_keys
    if both:
        problem(f"venue: keys used by both a place and a room: {sorted(both)}")
    place_by_key = {p["key"]: p for p in places if isinstance(p, dict) and "key" in p}
    room_by_key = {r["key"]: r for r in rooms if isinstance(r, dict) and "key" in r}

    pkeys = ["key", "kind", "floor", "name", "description", "stepFree", "openingHours"]
    for i, pl in enumerate(places):
        p = f"venue.places[{i}]"
        if not require(pl, pkeys, p):
            continue
        check_exact_keys(pl, pkeys, p)
        if pl["kind"] not in PLACE_KINDS:
            problem(f"{p}: invalid kind {pl['kind']!r}")
        if not isinstance(pl["floor"], int) or isinstance(pl["floor"], bool):
            problem(f"{p}: floor must be an integer")
        check_T(pl["name"], p, "name")
        check_T(pl["description"], p, "description")
        check_tri(pl["stepFree"], p, "stepFree")
        check_T(pl["openingHours"], p, "openingHours", nullable=True)

    kinds = Counter(pl.get("kind") for pl in places if isinstance(pl, dict))
    for k in sorted(REQUIRED_PLACE_KINDS - set(kinds)):
        problem(f"venue.places: no place of kind {k}")
    entrances = [pl for pl in places if isinstance(pl, dict) and pl.get("kind") == "ENTRANCE"]
    if len(entrances) < 2:
        problem("venue.places: at least 2 ENTRANCE places required")
    if not any(e.get("stepFree") == "YES" for e in entrances):
        problem("venue.places: at least one ENTRANCE must be step-free")

    rkeys = ["key", "name", "floor", "capacity", "wheelchairSpaces", "stepFree", "hearingLoop",
             "stageAccess", "layout", "nearestAccessibleToilet"]
    unknown_room_facts = []
    for i, r in enumerate(rooms):
        p = f"venue.rooms[{i}]"
        if not require(r, rkeys, p):
            continue
        check_exact_keys(r, rkeys, p)
        check_T(r["name"], p, "name")
        check_T(r["layout"], p, "layout")
        for k in ("floor", "capacity", "wheelchairSpaces"):
            if not isinstance(r[k], int) or isinstance(r[k], bool):
                problem(f"{p}: {k} must be an integer")
        if isinstance(r["capacity"], int) and r["capacity"] <= 0:
            problem(f"{p}: capacity must be positive")
        if isinstance(r["wheelchairSpaces"], int) and isinstance(r["capacity"], int) and \
                not (0 < r["wheelchairSpaces"] <= r["capacity"]):
            problem(f"{p}: wheelchairSpaces must be between 1 and capacity")
        for k in ("stepFree", "hearingLoop", "stageAccess"):
            check_tri(r[k], p, k)
            if r[k] == "UNKNOWN":
                unknown_room_facts.append((r["key"], k))
        if r["stepFree"] == "UNKNOWN":
            problem(f"{p}: stepFree must be known (YES or NO) for every room")
        t = place_by_key.get(r["nearestAccessibleToilet"])
        if t is None or t.get("kind") != "ACCESSIBLE_TOILET":
            problem(f"{p}: nearestAccessibleToilet {r['nearestAccessibleToilet']!r} is not an ACCESSIBLE_TOILET place")
        elif t.get("floor") != r["floor"]:
            problem(f"{p}: nearest accessible toilet {t['key']!r} is on another floor")
    if len(unknown_room_facts) > 1:
        problem(f"venue.rooms: at most one UNKNOWN access fact allowed, found {unknown_room_facts}")
    for key, k in unknown_room_facts:
        if k != "hearingLoop":
            problem(f"venue.rooms: room {key!r} has UNKNOWN {k}; only hearingLoop may be UNKNOWN")

    if len(rooms) < 8:
        problem(f"venue.rooms: at least 8 rooms required, found {len(rooms)}")
    room_floors = {r.get("floor") for r in rooms if isinstance(r, dict)}
    if len(room_floors) < 2 or not {0, 1} <= room_floors:
        problem(f"venue.rooms: rooms must be on at least floors 0 and 1, found {sorted(room_floors, key=str)}")
    toilet_floors = {pl.get("floor") for pl in places if isinstance(pl, dict) and pl.get("kind") == "ACCESSIBLE_TOILET"}
    for fl in sorted(f for f in room_floors if isinstance(f, int)):
        if fl not in toilet_floors:
            problem(f"venue.places: no ACCESSIBLE_TOILET on floor {fl}, which has rooms")

    # routes
    def floor_of(key):
        if key in place_by_key:
            return place_by_key[key].get("floor")
        if key in room_by_key:
            return room_by_key[key].get("floor")
        return None

    rtkeys = ["from", "to", "stepFree", "distanceMetres", "walkingMinutes", "steps"]
    route_pairs = set()
    for i, rt in enumerate(routes):
        p = f"venue.routes[{i}]"
        if not require(rt, rtkeys, p):
            continue
        check_exact_keys(rt, rtkeys, p)
        for end in ("from", "to"):
            if rt[end] not in place_keys and rt[end] not in room_keys:
                problem(f"{p}: {end} {rt[end]!r} is not a place or room key")
        if rt["from"] == rt["to"]:
            problem(f"{p}: from and to are the same")
        if (rt["from"], rt["to"]) in route_pairs:
            problem(f"{p}: duplicate route {rt['from']} to {rt['to']}")
        route_pairs.add((rt["from"], rt["to"]))
        check_tri(rt["stepFree"], p, "stepFree")
        for k in ("distanceMetres", "walkingMinutes"):
            if not isinstance(rt[k], int) or isinstance(rt[k], bool) or rt[k] <= 0:
                problem(f"{p}: {k} must be a positive integer")
        if not isinstance(rt["steps"], list) or len(rt["steps"]) < 2:
            problem(f"{p}: steps must be a list of at least 2 texts")
        else:
            for j, s in enumerate(rt["steps"]):
                check_T(s, f"{p}.steps[{j}]", "step")
    if len(routes) < 8:
        problem(f"venue.routes: at least 8 routes required, found {len(routes)}")
    multi_floor = [rt for rt in routes if isinstance(rt, dict)
                   and floor_of(rt.get("from")) is not None and floor_of(rt.get("to")) is not None
                   and floor_of(rt.get("from")) != floor_of(rt.get("to"))]
    if len(multi_floor) < 2:
        problem("venue.routes: at least 2 routes between floors (by lift) required")
    if not any(isinstance(rt, dict) and
               ((rt.get("from") in room_keys and place_by_key.get(rt.get("to"), {}).get("kind") == "ACCESSIBLE_TOILET") or
                (rt.get("to") in room_keys and place_by_key.get(rt.get("from"), {}).get("kind") == "ACCESSIBLE_TOILET"))
               for rt in routes):
        problem("venue.routes: at least one route between a room and an accessible toilet required")
    step_free_entrances = {e["key"] for e in entrances if e.get("stepFree") == "YES"}

    # ---- tracks ------------------------------------------------------------
    track_keys = unique_keys(data["tracks"], "tracks")
    for i, tr in enumerate(data["tracks"]):
        p = f"tracks[{i}]"
        if require(tr, ["key", "name", "description"], p):
            check_exact_keys(tr, ["key", "name", "description"], p)
            check_T(tr["name"], p, "name")
            check_T(tr["description"], p, "description")
    for q in ("q1", "q2", "q3", "q4"):
        if q not in track_keys:
            problem(f"tracks: missing track {q!r}")

    # ---- speakers ----------------------------------------------------------
    speakers = data["speakers"]
    speaker_keys = unique_keys(speakers, "speakers")
    skeys = ["key", "name", "nameLang", "transliteration", "ipa", "pronunciationHint", "honorific",
             "affiliation", "jobTitle", "bio", "photo"]
    name_langs = Counter()
    photo_kinds = Counter()
    for i, s in enumerate(speakers):
        p = f"speakers[{i}]"
        if not require(s, skeys, p):
            continue
        check_exact_keys(s, skeys, p)
        p = f"speakers[{i}] ({s['key']})"
        if s["nameLang"] not in ("ar", "fr", "en", "es"):
            problem(f"{p}: nameLang must be ar, fr, en or es")
        name_langs[s["nameLang"]] += 1
        for k in ("name", "transliteration", "ipa"):
            if not isinstance(s[k], str) or not s[k].strip():
                problem(f"{p}: {k} missing or empty")
        if isinstance(s["name"], str) and isinstance(s["transliteration"], str):
            if s["nameLang"] == "ar":
                if not ARABIC_RE.search(s["name"]) or LATIN_RE.search(s["name"]):
                    problem(f"{p}: Arabic name must be written in Arabic script")
                if ARABIC_RE.search(s["transliteration"]) or not LATIN_RE.search(s["transliteration"]):
                    problem(f"{p}: transliteration must be in Latin script")
            elif s["name"] != s["transliteration"]:
                problem(f"{p}: transliteration must equal the name for Latin-script names")
        check_T(s["pronunciationHint"], p, "pronunciationHint")
        check_T(s["honorific"], p, "honorific", nullable=True)
        if isinstance(s["honorific"], dict):
            for lang, h in s["honorific"].items():
                if isinstance(h, str) and ABBREVIATED_HONORIFIC_RE.search(h.strip()):
                    problem(f"{p}: honorific.{lang} {h!r} looks abbreviated; write it in full")
        for k in ("affiliation", "jobTitle", "bio"):
            check_T(s[k], p, k)
        if isinstance(s["bio"], dict) and DISCLOSURE_RE.search(s["bio"].get("en", "")):
            problem(f"{p}: bio seems to state a disability or survivor status")
        ph = s["photo"]
        if ph is None:
            photo_kinds["none"] += 1
        elif not isinstance(ph, dict):
            problem(f"{p}: photo must be an object or null")
        else:
            check_url(ph.get("url"), p, "photo.url")
            if isinstance(ph.get("url"), str) and not ph["url"].startswith(f"{URL_PREFIX}/speakers/"):
                problem(f"{p}: photo.url must be under {URL_PREFIX}/speakers/")
            if ph.get("decorative") is True:
                photo_kinds["decorative"] += 1
                check_exact_keys(ph, ["url", "decorative", "alt"], p + ".photo")
                if ph.get("alt") is not None:
                    check_T(ph["alt"], p, "photo.alt")
            elif ph.get("decorative") is False:
                photo_kinds["alt"] += 1
                check_exact_keys(ph, ["url", "decorative", "alt"], p + ".photo")
                check_T(ph.get("alt"), p, "photo.alt")
            else:
                problem(f"{p}: photo.decorative must be true or false")
    if len(speakers) < 16:
        problem(f"speakers: at least 16 required, found {len(speakers)}")
    for lang, n in (("ar", 4), ("fr", 3), ("en", 3), ("es", 3)):
        if name_langs[lang] < n:
            problem(f"speakers: at least {n} names with nameLang {lang!r} required, found {name_langs[lang]}")
    if photo_kinds["none"] < 1:
        problem("speakers: at least one speaker without a photo required")
    if photo_kinds["decorative"] < 1:
        problem("speakers: at least one decorative photo required")
    if photo_kinds["alt"] <= len(speakers) / 2:
        problem("speakers: most speakers must have a photo with alt text")

    # ---- glossary ----------------------------------------------------------
    gloss = data["glossary"]
    gkeys = ["term", "expansion", "spokenAs", "ipa", "definition"]
    terms = set()
    for i, g in enumerate(gloss):
        p = f"glossary[{i}]"
        if not require(g, gkeys, p):
            continue
        check_exact_keys(g, gkeys, p)
        term = g["term"]
        if not isinstance(term, str) or not re.fullmatch(r"[A-Z]{2,}", term):
            problem(f"{p}: term {term!r} must be upper-case Latin letters")
        if term in terms:
            problem(f"glossary: duplicate term {term!r}")
        terms.add(term)
        check_T(g["expansion"], p, "expansion")
        check_T(g["spokenAs"], p, "spokenAs")
        check_T(g["definition"], p, "definition")
        if g["ipa"] is not None and (not isinstance(g["ipa"], str) or not g["ipa"].strip()):
            problem(f"{p}: ipa must be a non-empty string or null")
    if len(gloss) < 12:
        problem(f"glossary: at least 12 entries required, found {len(gloss)}")
    for t in sorted(REQUIRED_GLOSSARY - terms):
        problem(f"glossary: missing required term {t}")

    # ---- sessions ----------------------------------------------------------
    sessions = data["sessions"]
    session_keys = unique_keys(sessions, "sessions")
    sskeys = ["key", "kind", "track", "room", "start", "end", "title", "summary", "plainSummary",
              "contentNote", "floorLanguages", "interpretation", "signLanguages", "captions",
              "captionsUrl", "speakers", "documents"]
    by_room = defaultdict(list)
    by_speaker = defaultdict(list)
    doc_keys = set()
    doc_count = 0
    formats_used = set()
    used_speakers = set()
    panel_tracks = set()
    valid_sessions = []
    for i, s in enumerate(sessions):
        p = f"sessions[{i}]"
        if not require(s, sskeys, p):
            continue
        check_exact_keys(s, sskeys, p)
        p = f"sessions[{i}] ({s['key']})"
        kind = s["kind"]
        if kind not in SESSION_KINDS:
            problem(f"{p}: invalid kind {kind!r}")
        if s["track"] is not None and s["track"] not in track_keys:
            problem(f"{p}: unknown track {s['track']!r}")
        if s["room"] not in room_keys:
            problem(f"{p}: unknown room {s['room']!r}")
        ms, me = TIME_RE.match(str(s["start"])), TIME_RE.match(str(s["end"]))
        if not ms or not me:
            problem(f"{p}: start/end must be local times 2019-09-10..12 as YYYY-MM-DDTHH:MM")
            continue
        if ms.group(1) != me.group(1):
            problem(f"{p}: must start and end on the same day")
        s_min, e_min = minutes(s["start"][11:]), minutes(s["end"][11:])
        if s_min >= e_min:
            problem(f"{p}: start must be before end")
        valid_sessions.append(s)
        by_room[(s["room"], ms.group(1))].append((s_min, e_min, s["key"]))
        for k in ("title", "summary", "plainSummary"):
            check_T(s[k], p, k)
        check_T(s["contentNote"], p, "contentNote", nullable=True)

        floor = s["floorLanguages"]
        if not isinstance(floor, list) or any(l not in spoken for l in floor):
            problem(f"{p}: floorLanguages must be spoken language tags")
            floor = []
        if kind != "BREAK" and not floor:
            problem(f"{p}: floorLanguages must not be empty")
        interp = s["interpretation"]
        channels = set()
        interp_langs = set()
        for j, it in enumerate(interp if isinstance(interp, list) else []):
            if not require(it, ["lang", "channel"], f"{p}.interpretation[{j}]"):
                continue
            if it["lang"] not in spoken:
                problem(f"{p}: interpretation into unknown language {it['lang']!r}")
            if it["lang"] in floor:
                problem(f"{p}: interpretation into {it['lang']!r}, which is already a floor language")
            if not isinstance(it["channel"], str) or not it["channel"].isdigit():
                problem(f"{p}: interpretation channel must be a string of digits")
            if it["channel"] in channels:
                problem(f"{p}: interpretation channel {it['channel']!r} used twice")
            channels.add(it["channel"])
            interp_langs.add(it["lang"])
        sign = s["signLanguages"]
        if not isinstance(sign, list) or any(l not in signed for l in sign):
            problem(f"{p}: signLanguages must be sign language tags")
            sign = []
        check_tri(s["captions"], p, "captions")
        if s["captions"] == "YES":
            check_url(s["captionsUrl"], p, "captionsUrl")
        elif s["captionsUrl"] is not None:
            problem(f"{p}: captionsUrl must be null unless captions is YES")

        spk = s["speakers"]
        roles = []
        for j, ref in enumerate(spk if isinstance(spk, list) else []):
            if not require(ref, ["speaker", "role"], f"{p}.speakers[{j}]"):
                continue
            if ref["speaker"] not in speaker_keys:
                problem(f"{p}: unknown speaker {ref['speaker']!r}")
            if ref["role"] not in ROLES:
                problem(f"{p}: invalid role {ref['role']!r}")
            roles.append(ref["role"])
            used_speakers.add(ref["speaker"])
            by_speaker[(ref["speaker"], ms.group(1))].append((s_min, e_min, s["key"]))
        if len(set(r["speaker"] for r in spk if isinstance(r, dict))) != len(spk):
            problem(f"{p}: a speaker is listed twice")
        if kind == "BREAK":
            if spk:
                problem(f"{p}: a BREAK has no speakers")
            if s["track"] is not None:
                problem(f"{p}: a BREAK has no track")
        elif not spk:
            problem(f"{p}: a {kind} needs at least one speaker")
        if kind == "RECEPTION" and any(r != "HOST" for r in roles):
            problem(f"{p}: a RECEPTION lists only HOST speakers")
        if kind == "PANEL" and s["track"] in ("q1", "q2", "q3", "q4"):
            panel_tracks.add(s["track"])

        if kind == "PLENARY":
            if not {"ils", "jos"} <= set(sign):
                problem(f"{p}: plenaries need International Sign and Jordanian Sign Language")
            if s["captions"] != "YES":
                problem(f"{p}: plenaries need live captions")
            missing = {"en", "fr", "ar", "es"} - set(floor) - interp_langs
            if missing:
                problem(f"{p}: plenary lacks interpretation into {sorted(missing)}")
            if s["room"] in room_keys and not any(
                    rt.get("to") == s["room"] and rt.get("from") in step_free_entrances for rt in routes
                    if isinstance(rt, dict)):
                problem(f"{p}: no route from a step-free entrance to plenary room {s['room']!r}")
        if kind == "PANEL" and s["room"] == "hall-a":
            if not {"ils", "jos"} <= set(sign) or s["captions"] != "YES":
                problem(f"{p}: big panels in the plenary hall need both sign languages and captions")
            missing = {"en", "fr", "ar", "es"} - set(floor) - interp_langs
            if missing:
                problem(f"{p}: big panel lacks interpretation into {sorted(missing)}")
        if kind not in ("BREAK", "RECEPTION"):
            missing = {"en", "fr", "ar"} - set(floor) - interp_langs
            if kind in ("PANEL",) and missing:
                problem(f"{p}: panel lacks interpretation into required languages {sorted(missing)}")

        docs = s["documents"]
        for j, d in enumerate(docs if isinstance(docs, list) else []):
            dp = f"{p}.documents[{j}]"
            if not require(d, ["key", "title", "description", "variants"], dp):
                continue
            check_exact_keys(d, ["key", "title", "description", "variants"], dp)
            doc_count += 1
            if d["key"] in doc_keys:
                problem(f"{dp}: duplicate document key {d['key']!r}")
            doc_keys.add(d["key"])
            check_T(d["title"], dp, "title")
            check_T(d["description"], dp, "description")
            variants = d["variants"]
            if not isinstance(variants, list) or len(variants) < 2:
                problem(f"{dp}: at least 2 variants required")
                continue
            seen_v = set()
            for k, var in enumerate(variants):
                vp = f"{dp}.variants[{k}]"
                if not require(var, ["format", "lang", "url", "sizeBytes"], vp):
                    continue
                check_exact_keys(var, ["format", "lang", "url", "sizeBytes"], vp)
                if var["format"] not in DOC_FORMATS:
                    problem(f"{vp}: invalid format {var['format']!r}")
                formats_used.add(var["format"])
                if var["lang"] not in spoken:
                    problem(f"{vp}: unknown language {var['lang']!r}")
                check_url(var["url"], vp, "url")
                if isinstance(var["url"], str) and not var["url"].startswith(f"{URL_PREFIX}/docs/"):
                    problem(f"{vp}: url must be under {URL_PREFIX}/docs/")
                if not isinstance(var["sizeBytes"], int) or isinstance(var["sizeBytes"], bool) or var["sizeBytes"] <= 0:
                    problem(f"{vp}: sizeBytes must be a positive integer")
                if (var["format"], var["lang"]) in seen_v:
                    problem(f"{vp}: duplicate format and language")
                seen_v.add((var["format"], var["lang"]))

    # overlaps
    for (room, day), lst in by_room.items():
        lst.sort()
        for a, b in zip(lst, lst[1:]):
            if b[0] < a[1]:
                problem(f"room {room!r} double-booked on {day}: {a[2]} and {b[2]}")
    for (spk, day), lst in by_speaker.items():
        lst.sort()
        for a, b in zip(lst, lst[1:]):
            if b[0] < a[1]:
                problem(f"speaker {spk!r} is in two sessions at once on {day}: {a[2]} and {b[2]}")

    # programme shape
    if len(sessions) < 32:
        problem(f"sessions: at least 32 required, found {len(sessions)}")
    kinds_s = Counter(s["kind"] for s in valid_sessions)
    days_used = {s["start"][:10] for s in valid_sessions}
    for d in CONFERENCE_DAYS:
        if d not in days_used:
            problem(f"sessions: no session on {d}")
    if not any(s["kind"] == "PLENARY" and s["start"].startswith(CONFERENCE_DAYS[0]) and s["end"][11:] <= "12:30"
               and "opening" in s["key"] for s in valid_sessions):
        problem("sessions: an opening plenary on the morning of 10 September is required")
    if not any(s["kind"] == "PLENARY" and s["start"].startswith(CONFERENCE_DAYS[2]) and s["start"][11:] >= "12:00"
               and "closing" in s["key"] and s["documents"] for s in valid_sessions):
        problem("sessions: a closing plenary on the afternoon of 12 September, with the conclusions, is required")
    if not any(s["kind"] == "RECEPTION" and s["start"].startswith(CONFERENCE_DAYS[0]) and s["start"][11:] >= "17:00"
               for s in valid_sessions):
        problem("sessions: a welcome reception on the evening of 10 September is required")
    for q in ("q1", "q2", "q3", "q4"):
        if q not in panel_tracks:
            problem(f"sessions: no PANEL on track {q}")
    if kinds_s["WORKSHOP"] < 6:
        problem(f"sessions: at least 6 workshops expected, found {kinds_s['WORKSHOP']}")
    if kinds_s["SIDE_EVENT"] < 1:
        problem("sessions: at least one side event required")
    for d in CONFERENCE_DAYS:
        if not any(s["kind"] == "BREAK" and s["start"].startswith(d) for s in valid_sessions):
            problem(f"sessions: no break on {d}")
    if not any(s["contentNote"] is not None and "testimon" in s["key"] + s["title"]["en"].lower()
               for s in valid_sessions if isinstance(s.get("title"), dict)):
        problem("sessions: a survivors' testimony session with a contentNote is required")
    if not any(s["kind"] == "WORKSHOP" and s["captions"] != "YES" and not s["signLanguages"] for s in valid_sessions):
        problem("sessions: at least one workshop without captions and without sign language is expected (for filters)")
    unused = speaker_keys - used_speakers
    if unused:
        problem(f"speakers not used in any session: {sorted(unused)}")
    if doc_count < 8:
        problem(f"documents: at least 8 required, found {doc_count}")
    for fmt in sorted(DOC_FORMATS - formats_used):
        problem(f"documents: format {fmt} never used")

    # ---- announcements -----------------------------------------------------
    ann = data["announcements"]
    unique_keys(ann, "announcements")
    akeys = ["key", "severity", "title", "whatChanged", "whatToDo", "publishedAt", "session"]
    sev = Counter()
    for i, a in enumerate(ann):
        p = f"announcements[{i}]"
        if not require(a, akeys, p):
            continue
        check_exact_keys(a, akeys, p)
        if a["severity"] not in SEVERITIES:
            problem(f"{p}: invalid severity {a['severity']!r}")
        sev[a["severity"]] += 1
        for k in ("title", "whatChanged", "whatToDo"):
            check_T(a[k], p, k)
        if not re.fullmatch(r"2019-09-(0\d|1[0-2])T([01]\d|2[0-3]):[0-5]\d", str(a["publishedAt"])):
            problem(f"{p}: publishedAt must be a local time in September 2019 up to the 12th")
        if a["session"] is not None and a["session"] not in session_keys:
            problem(f"{p}: unknown session {a['session']!r}")
        if a["severity"] == "CHANGE":
            if a["session"] is None:
                problem(f"{p}: a CHANGE announcement must point to the session it changes")
            else:
                target = next((s for s in valid_sessions if s["key"] == a["session"]), None)
                room = room_by_key.get(target["room"]) if target else None
                if room and isinstance(a["whatChanged"], dict) and \
                        room["name"]["en"] not in a["whatChanged"]["en"]:
                    problem(f"{p}: whatChanged.en should name the session's current room {room['name']['en']!r}")
    if len(ann) != 2 or sev["INFO"] != 1 or sev["CHANGE"] != 1:
        problem(f"announcements: exactly one INFO and one CHANGE required, found {dict(sev)}")

    # ---- text-wide rules ---------------------------------------------------
    n_t = len(texts.items)
    n_es = sum(1 for _, _, t in texts.items if isinstance(t, dict) and "es" in t)
    if n_t:
        share = n_es / n_t
        if not 0.15 <= share <= 0.70:
            problem(f"Spanish is on {share:.0%} of translated texts ({n_es}/{n_t}); it must be between 15% and 70%")
    for path, field, t in texts.items:
        if not isinstance(t, dict):
            continue
        ar = t.get("ar")
        if isinstance(ar, str):
            if LATIN_RE.search(URL_RE.sub("", ar)):
                problem(f"{path}: {field}.ar contains Latin letters outside a URL: {ar[:60]!r}")
            if not ARABIC_RE.search(ar):
                problem(f"{path}: {field}.ar contains no Arabic text")
        for lang in ("fr", "es"):
            val = t.get(lang)
            if isinstance(val, str) and ARABIC_RE.search(val):
                problem(f"{path}: {field}.{lang} contains Arabic script")
        en, fr = t.get("en"), t.get("fr")
        if isinstance(en, str) and isinstance(fr, str) and en == fr and len(en) > 30:
            problem(f"{path}: {field}.fr is identical to the English text (untranslated?)")
        for lang, val in t.items():
            if not isinstance(val, str):
                continue
            if ASCII_ART_RE.search(URL_RE.sub("", val)):
                problem(f"{path}: {field}.{lang} contains ASCII art or arrows: {val[:60]!r}")
            if field in ACRONYM_EXEMPT_FIELDS:
                continue
            for acr in sorted(acronyms_in(val) - terms):
                kind = "title" if field == "title" else "text"
                problem(f"{path}: {field}.{lang} uses acronym {acr!r} in a {kind} without a glossary entry")

    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)")
        return 1
    print("demo ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PATH))
