# escape=`
# expect: findings
FROM mcr.microsoft.com/devcontainers/base:ubuntu AS base
FROM ubuntu:24.04
RUN apt-get update && `
    apt-get install -y --no-install-recommends curl && `
    rm -rf /var/lib/apt/lists/*
COPY --from=base `
    /etc/os-release /srv/base-release
CMD ["curl", "--version"]
