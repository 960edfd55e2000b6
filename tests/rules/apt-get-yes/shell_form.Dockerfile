# expect: findings
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends tzdata
RUN sudo -E apt-get -q install --no-install-recommends git; env A=b apt-get purge vim || apt-get autoremove
RUN apt-get upgrade && apt-get dist-upgrade
RUN /usr/bin/apt-get "install" --no-install-recommends make
RUN apt-get -o Dpkg::Options::=--force-confold install --no-install-recommends nginx && \
    apt-get -o Acquire::https::Verify-Peer=false install --no-install-recommends ssl-cert
ONBUILD RUN apt-get remove nano
