#!/usr/bin/env python3
"""A stand-in for the sidecar: accept the ipshadow hook's Unix socket and append each line to a file.

usage: kea-listen.py SOCKET OUTFILE [--stall-file PATH]
While PATH exists the listener accepts but stops reading (a stalled sidecar).
"""
import os
import select
import signal
import socket
import sys


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    path, outfile = sys.argv[1], sys.argv[2]
    stall = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--stall-file" else None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    os.chmod(path, 0o777)
    server.listen(16)
    out = open(outfile, "ab", buffering=0)
    partial = {}
    while True:
        stalled = stall is not None and os.path.exists(stall)
        readable = [server] + ([] if stalled else list(partial))
        ready, _, _ = select.select(readable, [], [], 0.05)
        for sock in ready:
            if sock is server:
                conn, _ = server.accept()
                partial[conn] = b""
                continue
            data = sock.recv(65536)
            if not data:
                del partial[sock]
                sock.close()
                continue
            lines = (partial[sock] + data).split(b"\n")
            partial[sock] = lines.pop()
            if lines:
                out.write(b"\n".join(lines) + b"\n")


if __name__ == "__main__":
    sys.exit(main())
