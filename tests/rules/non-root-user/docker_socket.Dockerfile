# expect: findings
# The program talks to the host's Docker through its socket. Reported, not fixed.
FROM alpine:3.21
RUN apk add --no-cache docker-cli
ENV DOCKER_HOST=unix:///var/run/docker.sock
CMD ["/usr/local/bin/janitor"]
