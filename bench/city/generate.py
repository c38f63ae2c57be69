#!/usr/bin/env python3
"""Generate the Seoul dispatch case for the routing benchmark (bench/city).

2,000 home-visit requests and 200 helpers across Seoul on one weekday: skills and languages,
female-only visits, designated helpers ("internet doctor"), priorities, windows of two hours
(some with a second window, some all day), a few requests nobody can take. Seeded: the same
seed writes the same file. Times are seconds after midnight, Asia/Seoul.

    python3 bench/city/generate.py --seed 1 > seoul.json
"""
import argparse
import json
import random

# Rough centres of Seoul's districts (longitude, latitude).
DISTRICTS = [
    (126.978, 37.566), (127.010, 37.573), (126.997, 37.551), (126.950, 37.540), (127.036, 37.563),
    (127.085, 37.539), (127.047, 37.517), (127.027, 37.497), (127.127, 37.514), (127.145, 37.550),
    (127.093, 37.606), (127.057, 37.606), (127.025, 37.639), (127.047, 37.654), (126.930, 37.600),
    (126.910, 37.563), (126.867, 37.550), (126.850, 37.525), (126.896, 37.526), (126.887, 37.495),
    (126.901, 37.464), (126.951, 37.478), (126.983, 37.481), (127.011, 37.481), (126.941, 37.513),
]
SKILLS = [("internet", 0.75), ("iptv", 0.55), ("smart-home", 0.25), ("it-education", 0.35), ("cctv", 0.12)]
LANGUAGES = [("en", 0.22), ("zh", 0.09), ("vi", 0.07)]
SHIFTS = [((9, 18), 0.6), ((8, 17), 0.2), ((10, 19), 0.15), ((13, 18), 0.05)]
HOUR = 3600


def weighted(rng, options):
    x = rng.random() * sum(w for _, w in options)
    for value, w in options:
        x -= w
        if x < 0:
            return value
    return options[-1][0]


def point(rng, spread=0.018):
    lon, lat = rng.choice(DISTRICTS)
    return [round(rng.gauss(lon, spread), 6), round(rng.gauss(lat, spread * 0.8), 6)]


def helpers(rng, count):
    offices = [point(rng, 0.004) for _ in range(12)]
    out = []
    for i in range(count):
        female = rng.random() < 0.3
        skills = [s for s, p in SKILLS if rng.random() < p and not (female and s == "cctv")]
        if not skills:
            skills = ["internet"]
        skills += ["ko"] + [lang for lang, p in LANGUAGES if rng.random() < p]
        start, end = weighted(rng, SHIFTS)
        home = rng.random() < 0.5  # half start from home, half from a branch office
        base = point(rng) if home else rng.choice(offices)
        helper = {
            "id": 1000 + i,
            "start": base,
            "end": base,
            "time_window": [start * HOUR, end * HOUR],
            "capacity": [4],
            "skills": skills,
            "attributes": ["female"] if female else [],
        }
        if rng.random() < 0.3:
            helper["max_working_time"] = 7 * HOUR
        out.append(helper)
    return out


def windows(rng):
    kind = rng.random()
    if kind < 0.15:
        return [[9 * HOUR, 18 * HOUR]]
    slot = rng.choice([9, 11, 13, 15, 17])
    first = [slot * HOUR, (slot + 2) * HOUR]
    if kind < 0.40 and slot <= 13:
        later = rng.choice([s for s in (13, 15, 17) if s >= slot + 3] or [17])
        return [first, [later * HOUR, (later + 2) * HOUR]]
    return [first]


def requests(rng, count, fleet):
    out = []
    for i in range(count):
        skill = weighted(rng, [(s, p) for s, p in SKILLS])
        needs = [skill, "ko"]
        lang = rng.random()
        if lang < 0.06:
            needs[1] = "en"
        elif lang < 0.08:
            needs[1] = "zh"
        elif lang < 0.10:
            needs[1] = "vi"
        job = {
            "id": i + 1,
            "location": point(rng),
            "service": rng.randint(15, 40) * 60,
            "time_windows": windows(rng),
            "skills": needs,
            "delivery": [1 if rng.random() < 0.3 else 0],
            "priority": weighted(rng, [(0, 0.75), (50, 0.2), (100, 0.05)]),
        }
        if rng.random() < 0.10:
            job["female_only"] = True
        if rng.random() < 0.08:
            # The customer's own engineer: able, and on shift in the request's first window.
            first = job["time_windows"][0]
            able = [h for h in fleet if all(s in h["skills"] for s in needs)
                    and (not job.get("female_only") or "female" in h["attributes"])
                    and h["time_window"][0] <= first[0] and first[1] <= h["time_window"][1]]
            if able:
                job["designated_vehicle"] = rng.choice(able)["id"]
        out.append(job)
    # Requests nobody can take, so the report shows each reason.
    out[0]["skills"] = ["internet", "mn"]             # nobody speaks Mongolian
    out[1]["skills"] = ["cctv", "ko"]                 # no female helper installs CCTV
    out[1]["female_only"] = True
    out[2]["time_windows"] = [[21 * HOUR, 22 * HOUR]]  # after every shift
    out[3]["delivery"] = [9]                           # more than any helper carries
    for job in out[:4]:
        job.pop("designated_vehicle", None)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--helpers", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    fleet = helpers(rng, args.helpers)
    problem = {
        "vehicles": fleet,
        "jobs": requests(rng, args.requests, fleet),
        "options": {"travel": "great_circle", "road_factor": 1.35, "speed_kmh": 22,
                    "objective": "distance"},
    }
    print(json.dumps(problem, separators=(",", ":")))


if __name__ == "__main__":
    main()
