# expect: findings
FROM ubuntu:24.04
RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN sudo apt -y remove nano; /usr/bin/apt purge -y vim || DEBIAN_FRONTEND=noninteractive apt autoremove -y
RUN apt clean
ONBUILD RUN env LANG=C apt update && apt install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
