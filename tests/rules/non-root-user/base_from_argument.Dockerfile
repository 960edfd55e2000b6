# expect: findings
# The image is a build argument with no default: unknown until the build. Reported, not fixed.
ARG BASE
FROM ${BASE}
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
CMD ["/usr/local/bin/app"]
