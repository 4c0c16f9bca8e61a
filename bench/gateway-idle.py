#!/usr/bin/env python3
# Usage: python3 bench/gateway-idle.py PORT COUNT  (loopback only; docs/gateway.md "Connection limits")
# Holds N idle connections to the proxy, times real requests meanwhile, then waits for the proxy to close the idle ones.
import socket, sys, time, urllib.request, selectors
port, n = int(sys.argv[1]), int(sys.argv[2])
t0 = time.time()
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
print(f"{n} idle connections open in {time.time()-t0:.2f} s")
t1 = time.time(); codes = [urllib.request.urlopen(f"http://127.0.0.1:{port}/real/{i}").status for i in range(100)]
print(f"100 requests while they are held: {codes.count(200)} x 200 in {time.time()-t1:.2f} s")
sel = selectors.DefaultSelector()
for s in socks: s.setblocking(False); sel.register(s, selectors.EVENT_READ)
closed = 0; first = last = None
while closed < n and time.time() - t0 < 120:
    for key, _ in sel.select(timeout=1):
        try: data = key.fileobj.recv(1)
        except OSError: data = b""
        if not data:
            sel.unregister(key.fileobj); closed += 1
            now = time.time() - t0; first = first or now; last = now
print(f"the proxy closed {closed} idle connections between {first:.1f} s and {last:.1f} s after they opened")
