#!/usr/bin/env python3
"""A careless POS, for the sandbox's tests: it does what the contract asks a POS not to do.

--new-id        with no answer within 3 s, it sends the order again under a new orderId (a second order)
--qos0          it publishes orders at QoS 0
--late-subscribe  it subscribes to the answers only after its first order
--invalid       its first order has a line with qty 0 (the schema says 1-999)
"""
import argparse
import json
import threading
import time
import uuid

import paho.mqtt.client as mqtt

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, default=1883)
ap.add_argument("--outlet", default="sandbox")
ap.add_argument("--user", default="pos-1")
ap.add_argument("--password", required=True)
ap.add_argument("--orders", type=int, default=3)
ap.add_argument("--new-id", action="store_true")
ap.add_argument("--qos0", action="store_true")
ap.add_argument("--late-subscribe", action="store_true")
ap.add_argument("--invalid", action="store_true")
args = ap.parse_args()

answers = {}
cond = threading.Condition()


def on_message(client, userdata, msg):
    event = json.loads(msg.payload)
    if event.get("event") in ("ACCEPTED", "DUPLICATE", "REJECTED"):
        with cond:
            answers[event["orderId"]] = event["event"]
            cond.notify_all()


client = mqtt.Client(client_id=f"{args.user}-careless", clean_session=True)
client.username_pw_set(args.user, args.password)
client.on_message = on_message
connected = threading.Event()
client.on_connect = lambda c, u, f, rc: connected.set()
client.connect(args.host, args.port, keepalive=30)
client.loop_start()
connected.wait(10)
events = f"dapur/{args.outlet}/orders/+/events"
if not args.late_subscribe:
    client.subscribe(events, qos=1)
    time.sleep(0.3)
prefix = "careless-" + uuid.uuid4().hex[:6]
qos = 0 if args.qos0 else 1
for n in range(1, args.orders + 1):
    order = {"orderId": f"{prefix}-{n}", "source": "careless", "channel": "DINE_IN", "table": "4",
             "placedAt": "2026-12-06T10:00:00Z",
             "items": [{"lineId": "1", "name": "Soto Ayam", "qty": 0 if args.invalid and n == 1 else 1, "category": "food"}]}
    client.publish(f"dapur/{args.outlet}/orders/in", json.dumps(order), qos=qos)
    if args.late_subscribe and n == 1:
        client.subscribe(events, qos=1)
    with cond:
        cond.wait_for(lambda: order["orderId"] in answers, timeout=3)
    if order["orderId"] not in answers and args.new_id:
        order["orderId"] = f"{prefix}-{n}-again"        # the mistake: a new id for the same order
        client.publish(f"dapur/{args.outlet}/orders/in", json.dumps(order), qos=qos)
        with cond:
            cond.wait_for(lambda: order["orderId"] in answers, timeout=5)
    print(order["orderId"], answers.get(order["orderId"]), flush=True)
client.disconnect()
client.loop_stop()
