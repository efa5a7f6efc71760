#!/usr/bin/env python3
"""Load generator of bench/agents.sh (standard library only: urllib + threads; nothing is downloaded).

Against a running hub: logs in as admin, creates one user per client (each with its own LLM budget and its own
session), loads FAQ documents (knowledge collection "faq") and script templates ("script-templates"), warms up,
then has CLIENTS threads each post a fixed mix of messages -- 1/3 FAQ questions paraphrasing loaded documents,
1/3 caption/hook requests in natural language, 1/3 "/script ..." requests -- to
POST /api/v1/sessions/{id}/messages?wait=WAIT for DURATION seconds, one request at a time per client.
Prints one JSON object: per agent (reply.agent) counts, 200/202/error counts, req/s, p50/p99 latency.

Usage: agents.py BASE ADMIN_PASSWORD LABEL [--clients 8] [--duration 60] [--warmup 20] [--wait 10] [--faq-docs 200]
"""
import argparse
import json
import re
import random
import sys
import threading
import time
import urllib.error
import urllib.request

# 40 product areas x 5 facts = 200 FAQ documents; every question the clients ask paraphrases one of them
AREAS = [
    "password", "two-factor login", "billing address", "invoice download", "refund", "Pro plan", "free tier",
    "team workspace", "API key", "mobile app", "TikTok connection", "Instagram connection", "YouTube connection",
    "LinkedIn connection", "post scheduling", "content calendar", "analytics dashboard", "data export",
    "account deletion", "privacy settings", "language settings", "notification emails", "brand kit",
    "hashtag library", "media uploads", "video length limit", "caption drafts", "approval workflow",
    "single sign-on", "audit log", "webhooks", "trial period", "non-profit discount", "support chat",
    "status page", "session memory", "snapshots", "usage limits", "time zone", "custom domain",
]
FACTS = [
    ("Settings > {area}", "To change the {area}, open Settings, choose {area} and click Edit; changes apply at once.",
     "How do I change my {area}?"),
    ("plan", "The {area} feature is included in the Pro and Business plans; the free tier has a limited version.",
     "Which plans come with {area}?"),
    ("problem", "If the {area} does not work, sign out, sign in again and retry; if it still fails, contact "
                "support with the error shown.", "My {area} is broken, what should I try?"),
    ("limit", "Each workspace can use the {area} up to 500 times per day; the counter resets at midnight UTC.",
     "Is there a daily limit on the {area}?"),
    ("who", "Only workspace owners and admins can manage the {area}; members can see it but not change it.",
     "Who is allowed to manage the {area} in my workspace?"),
]
PRODUCTS = ["vegan protein bar", "noise-cancelling headphones", "eco sneakers", "cold brew coffee", "yoga app",
            "budget planner", "electric scooter", "skincare serum", "language course", "smart water bottle"]
CAPTIONS = ["Write three catchy hooks and captions for our {p} launch post",
            "Give me a few Instagram caption ideas with a call to action for our {p}",
            "I need punchy opening lines and hashtags for a post about the new {p}"]
SCRIPTS = ["/script a 30 second TikTok video about our {p}",
           "/script a 45 second Instagram Reels ad for the {p}",
           "/script a YouTube Shorts teaser, 20 seconds, for the {p}"]
TEMPLATES = [
    ("tpl-problem-solution", "Problem-solution short: hook with the pain point, show the problem, product demo, "
                             "proof or testimonial, call to action."),
    ("tpl-before-after", "Before-after short: the frustrating before, a quick transformation, the satisfying after, "
                         "product name on screen, call to action."),
    ("tpl-listicle", "Listicle short: hook '3 reasons to ...', one scene per reason with on-screen text, "
                     "recap, call to action."),
    ("tpl-unboxing", "Unboxing short: hands open the box, first reaction, close-up of details, one use case, "
                     "price and link in the call to action."),
    ("tpl-tutorial", "Tutorial short: promise the result, three quick steps with voice-over, show the result, "
                     "ask viewers to follow for more."),
]


def call(method, url, body=None, token=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def pending_embeddings(base, admin_token):
    """Gauge hub.embeddings.pending by kind ({"turn": n, "artifact": n}); None when the hub does not give it."""
    status, body = call("GET", base + "/actuator/prometheus", None, admin_token)
    if status != 200:
        return None
    found = {}
    for line in body.decode().splitlines():
        m = re.match(r'hub_embeddings_pending\{.*kind="([a-z]+)".*\} ([0-9.eE+-]+)$', line)
        if m:
            found[m.group(1)] = int(float(m.group(2)))
    return found or None


def token(base, user, password):
    status, body = call("POST", base + "/api/v1/auth/token",
                        {"grant_type": "password", "username": user, "password": password})
    if status != 200:
        sys.exit(f"login of {user} failed: {status} {body[:300]!r}")
    return json.loads(body)["access_token"]


def setup(base, admin_password, label, clients, faq_docs):
    admin = token(base, "admin", admin_password)
    docs, questions = [], []
    for i in range(faq_docs):
        area, (key, text, question) = AREAS[(i // len(FACTS)) % len(AREAS)], FACTS[i % len(FACTS)]
        doc_id = f"faq-{area.replace(' ', '-').lower()}-{key.split()[0].lower()}"
        docs.append({"id": doc_id, "text": text.format(area=area), "metadata": {"area": area}})
        questions.append(question.format(area=area))
    t0 = time.time()
    for i in range(0, len(docs), 100):
        status, body = call("POST", base + "/api/v1/knowledge/faq/documents", docs[i:i + 100], admin, timeout=300)
        if status != 200:
            sys.exit(f"loading faq documents failed: {status} {body[:300]!r}")
    status, body = call("POST", base + "/api/v1/knowledge/script-templates/documents",
                        [{"id": i, "text": t} for i, t in TEMPLATES], admin, timeout=300)
    if status != 200:
        sys.exit(f"loading script templates failed: {status} {body[:300]!r}")
    load_seconds = time.time() - t0
    tokens = []
    for c in range(clients):
        user, password = f"bench-{label}-{c}", f"bench-password-{label}-{c}-x"
        status, body = call("POST", base + "/api/v1/admin/users",
                            {"username": user, "password": password, "roles": ["user"]}, admin)
        if status not in (200, 201, 409):
            sys.exit(f"creating user {user} failed: {status} {body[:300]!r}")
        tokens.append(token(base, user, password))
    return tokens, questions, len(docs), load_seconds


def mix(client, questions, repeat_texts=False):
    """The client's endless request sequence: FAQ, caption, script, FAQ, ... each drawn from its own list. Unless
    repeat_texts, every message ends with a reference of random letters, so that no two are the same text (as
    users' messages rarely are): the hub's cache of recent embeddings then helps only where one message is embedded
    more than once, not because the bench asks the same 260 questions over and over."""
    rnd = random.Random(client)

    def ref():
        return "" if repeat_texts else " (ref " + "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) + ")"

    while True:
        yield "faq", rnd.choice(questions) + ref()
        yield "caption", rnd.choice(CAPTIONS).format(p=rnd.choice(PRODUCTS)) + ref()
        yield "script", rnd.choice(SCRIPTS).format(p=rnd.choice(PRODUCTS)) + ref()


def drive(base, tokens, questions, label, seconds, wait, phase, repeat_texts=False):
    """Each client posts one message at a time until the deadline; returns every request's outcome."""
    results, lock = [], threading.Lock()
    start = time.time()
    deadline = start + seconds

    def client(c):
        session = f"bench-{label}-{phase}-{c}-{int(start)}"
        url = f"{base}/api/v1/sessions/{session}/messages?wait={wait}"
        for kind, text in mix(c, questions, repeat_texts):
            if time.time() >= deadline:
                return
            t0 = time.time()
            try:
                status, body = call("POST", url, {"text": text}, tokens[c], timeout=wait + 30)
            except Exception as e:  # connection reset, socket timeout ...
                status, body = -1, str(e).encode()
            ms = (time.time() - t0) * 1000
            agent, grounded, turn = None, False, None
            if status == 202:
                try:
                    turn = json.loads(body).get("turnId")
                except Exception:
                    turn = "?"
            if status == 200:
                try:
                    reply = json.loads(body)["reply"]
                    agent, grounded = reply["agent"], "Sources:" in (reply.get("text") or "")
                except Exception:
                    agent = "?"
            with lock:
                results.append({"kind": kind, "status": status, "ms": ms, "agent": agent, "grounded": grounded,
                                "turn": turn,
                                "error": None if status in (200, 202) else body[:200].decode(errors="replace")})

    threads = [threading.Thread(target=client, args=(c,)) for c in range(len(tokens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.time() - start


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("admin_password")
    ap.add_argument("label")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=20)
    ap.add_argument("--wait", type=int, default=10)
    ap.add_argument("--faq-docs", type=int, default=200)
    ap.add_argument("--repeat-texts", action="store_true",
                    help="no random reference at the end of each message (the mix before 2026-11-30)")
    a = ap.parse_args()

    tokens, questions, ndocs, load_seconds = setup(a.base, a.admin_password, a.label, a.clients, a.faq_docs)
    print(f"[{a.label}] loaded {ndocs} faq documents + {len(TEMPLATES)} script templates in {load_seconds:.1f} s; "
          f"warming up {a.warmup:.0f} s", file=sys.stderr)
    warm, _ = drive(a.base, tokens, questions, a.label, a.warmup, a.wait, "warmup", a.repeat_texts)
    print(f"[{a.label}] warm-up: {len(warm)} requests; measuring {a.duration:.0f} s with {a.clients} clients",
          file=sys.stderr)
    res, elapsed = drive(a.base, tokens, questions, a.label, a.duration, a.wait, "run", a.repeat_texts)
    # turns and artifacts are embedded after the reply: how far semantic memory is behind when the load stops, and
    # how long the hub takes to catch up (gauge hub.embeddings.pending)
    admin = token(a.base, "admin", a.admin_password)
    backlog_at_end = pending_embeddings(a.base, admin)
    drain_started = time.time()
    backlog = backlog_at_end
    while backlog and sum(backlog.values()) > 0 and time.time() - drain_started < 300:
        time.sleep(0.5)
        backlog = pending_embeddings(a.base, admin)
    drain_s = time.time() - drain_started

    ok = [r for r in res if r["status"] == 200]
    accepted = [r for r in res if r["status"] == 202]
    errors = [r for r in res if r["status"] not in (200, 202)]
    agents, by_kind = {}, {}
    for r in ok:
        agents[r["agent"]] = agents.get(r["agent"], 0) + 1
        k = by_kind.setdefault(r["kind"], {})
        k[r["agent"]] = k.get(r["agent"], 0) + 1
    lat = [r["ms"] for r in ok]
    kinds = {}
    for kind in ("faq", "caption", "script"):
        ms = [r["ms"] for r in ok if r["kind"] == kind]
        kinds[kind] = {"answered": len(ms), "p50_ms": pct(ms, 50), "p99_ms": pct(ms, 99)}
    error_codes = {}
    for r in errors:
        error_codes[str(r["status"])] = error_codes.get(str(r["status"]), 0) + 1
    out = {
        "label": a.label, "clients": a.clients, "unique_texts": not a.repeat_texts, "duration_s": a.duration, "warmup_s": a.warmup, "wait_s": a.wait,
        "faq_docs": ndocs, "templates": len(TEMPLATES), "load_s": round(load_seconds, 1),
        "warmup_requests": len(warm), "elapsed_s": round(elapsed, 1), "requests": len(res),
        "answered_200": len(ok), "accepted_202": len(accepted), "errors": len(errors), "error_codes": error_codes,
        "error_sample": errors[0]["error"] if errors else None,
        # requests not answered within --wait: their kind, time and user turn (to look up in the hub's log)
        "accepted_sample": [{"kind": r["kind"], "ms": round(r["ms"]), "turnId": r["turn"]} for r in accepted[:5]],
        "req_per_s": round(len(res) / elapsed, 2), "answered_per_s": round(len(ok) / elapsed, 2),
        "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99),
        "p50_all_ms": pct([r["ms"] for r in res], 50), "p99_all_ms": pct([r["ms"] for r in res], 99),
        "agents": agents, "routed": by_kind, "kinds": kinds,
        # FAQ answers that cite loaded documents ("Sources: ..."), the rest said they don't know
        "faq_grounded": sum(1 for r in ok if r["agent"] == "faq-responder" and r["grounded"]),
        # texts still to embed when the measured minute ended, and seconds until none was left (null: not read)
        "embeddings_pending_at_end": backlog_at_end,
        "embeddings_drain_s": round(drain_s, 1) if backlog is not None and sum(backlog.values()) == 0 else None,
    }
    # what the hub's own figures say of its agents (GET /api/v1/admin/agents): exchanges each consumer finished in
    # the last 5 minutes (warm-up included) and its status; the smoke mode fails when front-desk finished none
    status, body = call("GET", a.base + "/api/v1/admin/agents", None, token(a.base, "admin", a.admin_password))
    out["hub_activity_5m"] = ({v["agent"]: v["activity"]["5m"]["count"] for v in json.loads(body)["agents"]}
                              if status == 200 else f"admin agents API answered {status}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
