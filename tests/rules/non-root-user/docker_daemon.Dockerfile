# expect: findings
# A Docker daemon runs inside the container, which takes root: reported, not fixed.
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends docker.io && rm -rf /var/lib/apt/lists/*
VOLUME /var/lib/docker
ENTRYPOINT ["hack/dind"]
