# expect: findings
# sudo is installed for the user to become root: the design wants root for some of it.
# Reported, not fixed.
FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends sudo \
 && rm -rf /var/lib/apt/lists/*
COPY sudoers /etc/sudoers.d/app
CMD ["/usr/local/bin/app"]
