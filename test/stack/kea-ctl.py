#!/usr/bin/env python3
"""Send one command to a Kea control socket (unix) and print the JSON answer.

usage: kea-ctl.py SOCKET COMMAND [ARGUMENTS-JSON]
Exits 0 when the answer arrived (whatever its result), 1 on transport errors.
"""
import json
import socket
import sys


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    request = {"command": sys.argv[2]}
    if len(sys.argv) > 3:
        request["arguments"] = json.loads(sys.argv[3])
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    try:
        sock.connect(sys.argv[1])
        sock.sendall(json.dumps(request).encode())
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            try:
                json.loads(data)
                break  # a complete answer; Kea closes the connection anyway
            except ValueError:
                continue
    except OSError as err:
        sys.stderr.write("kea-ctl: %s: %s\n" % (sys.argv[1], err))
        return 1
    finally:
        sock.close()
    sys.stdout.write(data.decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
