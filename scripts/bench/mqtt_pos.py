#!/usr/bin/python3
"""An outside (non-Java) MQTT POS and kitchen screen for the benchmarks (docs/PERFORMANCE.md).

Debian's python3-paho-mqtt, two connections (publisher, subscriber), QoS 1, MQTT 3.1.1. Prints one
JSON object on stdout. Modes:
  floor   N RATE  publish -> receive of small messages on one topic (the broker alone)
  ticket  N RATE  order published on orders/in -> first station ticket of that order on kds/+/tickets
  burst   N       N orders published in a row (QoS 1, no resends); counts the ACCEPTED events
--plain: the client on its defaults (Nagle on, Python's 5 ms GIL switch interval), as a POS integrator
would leave it; without it the client is tuned (TCP_NODELAY, a 0.1 ms switch interval).
Every mode checks its own result: a message lost or received twice is an error (exit 1), never a
number.
"""
import argparse
import json
import socket
import sys
import threading
import time

import paho.mqtt.client as mqtt

ORDER = ('{"orderId":"%s","source":"pos-1","channel":"DINE_IN","table":"7","placedAt":"2026-11-23T07:00:00Z",'
         '"items":[{"lineId":"1","name":"Nasi Goreng","qty":2,"category":"wok","allergens":["egg"],'
         '"modifiers":["extra pedas"],"note":"tanpa telur"},'
         '{"lineId":"2","name":"Es Teh Manis","qty":1,"category":"drinks"},'
         '{"lineId":"3","name":"Pisang Goreng","qty":1,"category":"dessert","course":1}]}')


def client(args, user, name, inflight=100, direct=False):
    """direct: publish() writes to the socket on the caller's thread (paho does that when its loop
    does not run in loop_start's thread) instead of waking the loop thread through a socket pair;
    for paced publishing only, where the socket buffer never fills."""
    c = mqtt.Client(client_id="%s-py-%s-%d" % (user, name, time.monotonic_ns()), clean_session=True,
                    protocol=mqtt.MQTTv311)
    c.username_pw_set(user, args.password)
    c.max_inflight_messages_set(inflight)
    c.max_queued_messages_set(0)
    # paho-mqtt 1.6 leaves Nagle on: a small publish then waits for the last one's ACK (up to 40 ms
    # with delayed ACKs). A POS that cares about latency turns it off, as the agent does.
    if not args.plain:
        c.on_socket_open = lambda cl, u, sock: sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connected = threading.Event()
    c.on_connect = lambda cl, u, f, rc: connected.set() if rc == 0 else print("connect refused", rc, file=sys.stderr)
    c.connect(args.host, args.port, keepalive=60)
    if direct:
        threading.Thread(target=c.loop_forever, daemon=True).start()
    else:
        c.loop_start()
    if not connected.wait(10):
        raise SystemExit("%s could not connect to %s:%d" % (user, args.host, args.port))
    return c


def subscribe(c, topic):
    done = threading.Event()
    c.on_subscribe = lambda cl, u, mid, granted: done.set()
    c.subscribe(topic, 1)
    if not done.wait(10):
        raise SystemExit("subscribe to %s got no answer" % topic)


def pace(n, rate, send):
    interval = 1.0 / rate
    nxt = time.perf_counter()
    for i in range(n):
        wait = nxt - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        send(i)
        nxt += interval


def percentiles(ns):
    s = sorted(ns)
    def p(q):
        return s[min(len(s) - 1, int(q * len(s)))] / 1e6
    return {"n": len(s), "p50": p(0.50), "p99": p(0.99), "p999": p(0.999), "max": s[-1] / 1e6}


def finish(sent, got, doubled, expected, what):
    if len(got) != expected or doubled[0]:
        raise SystemExit("%s result is wrong: %d of %d received, %d twice" % (what, len(got), expected, doubled[0]))
    return percentiles([got[k] - sent[k] for k in got])


def floor(args):
    pub, sub = client(args, args.user, "pub", direct=True), client(args, args.user, "sub")
    topic = args.root + "/orders/bench/events"
    sent, got, doubled, lock, all_in = {}, {}, [0], threading.Lock(), threading.Event()

    def on_message(cl, u, m):
        now = time.perf_counter_ns()
        k = int(m.payload)
        with lock:
            if k in got:
                doubled[0] += 1
                return
            got[k] = now
            if len(got) == args.n:
                all_in.set()
    sub.on_message = on_message
    subscribe(sub, topic)

    def send(i):
        sent[i] = time.perf_counter_ns()
        pub.publish(topic, str(i), qos=1)
    pace(args.n, args.rate, send)
    all_in.wait(60)
    return finish(sent, got, doubled, args.n, "broker floor")


def ticket(args):
    pos, kds = client(args, args.user, "pos", direct=True), client(args, args.screen, "kds")
    sent, got, doubled, lock, all_in = {}, {}, [0], threading.Lock(), threading.Event()
    prefix = "PY-%d-" % time.monotonic_ns()

    def on_message(cl, u, m):
        now = time.perf_counter_ns()
        p = m.payload.decode()
        a = p.find('"orderId":"') + 11
        oid = p[a:p.find('"', a)]
        if not oid.startswith(prefix):
            return
        k = int(oid[len(prefix):])
        with lock:
            if k not in got:  # the first station ticket of the order; the others are expected
                got[k] = now
                if len(got) == args.n:
                    all_in.set()
    kds.on_message = on_message
    subscribe(kds, args.root + "/kds/+/tickets")

    def send(i):
        body = ORDER % (prefix + str(i))
        sent[i] = time.perf_counter_ns()
        pos.publish(args.root + "/orders/in", body, qos=1)
    pace(args.n, args.rate, send)
    all_in.wait(60)
    return finish(sent, got, doubled, args.n, "order -> ticket")


def burst(args):
    pos, listener = client(args, args.user, "pos", inflight=args.inflight), client(args, args.user, "events")
    prefix = "BURST-%d-" % time.monotonic_ns()
    answered, lock, all_in = set(), threading.Lock(), threading.Event()

    def on_message(cl, u, m):
        p = m.payload.decode()
        if '"event":"ACCEPTED"' not in p:
            return
        oid = m.topic[len(args.root) + 8:-7]
        if oid.startswith(prefix):
            with lock:
                answered.add(oid)
                if len(answered) == args.n:
                    all_in.set()
    listener.on_message = on_message
    subscribe(listener, args.root + "/orders/+/events")
    t0 = time.perf_counter()
    for i in range(args.n):
        pos.publish(args.root + "/orders/in", ORDER % (prefix + str(i)), qos=1)
    published = time.perf_counter()
    all_in.wait(args.wait)
    took = time.perf_counter() - t0
    with lock:
        n = len(answered)
    return {"sent": args.n, "accepted": n, "lost": args.n - n, "publish_s": published - t0,
            "seconds": took, "orders_per_s": n / took}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["floor", "ticket", "burst"])
    ap.add_argument("n", type=int)
    ap.add_argument("rate", type=float, nargs="?", default=50)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--root", default="dapur/jkt-01")
    ap.add_argument("--user", default="pos-1")
    ap.add_argument("--screen", default="kds-wok")
    ap.add_argument("--password", required=True)
    ap.add_argument("--inflight", type=int, default=100)
    ap.add_argument("--wait", type=float, default=60)
    ap.add_argument("--plain", action="store_true",
                    help="the client on its defaults, as a POS integrator writes it: Nagle on, the default GIL switch interval")
    args = ap.parse_args()
    if not args.plain:
        # three threads share the GIL (publisher, its network loop, the subscriber's): with the default
        # 5 ms switch interval a message can wait that long for the GIL, and the client, not the broker,
        # would set the tail
        sys.setswitchinterval(0.0001)
    result = {"floor": floor, "ticket": ticket, "burst": burst}[args.mode](args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
