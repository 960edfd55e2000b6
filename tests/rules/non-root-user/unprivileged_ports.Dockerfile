# expect: findings
# Ports from 1024 up, a range, and one from a variable set to one: fixed.
FROM alpine:3.21
ARG PORT=8081
RUN apk add --no-cache ca-certificates
COPY --from=ghcr.io/example/tool:1.0 /tool /usr/local/bin/tool
EXPOSE 8080/tcp 9000-9010 ${PORT}
CMD ["tool", "serve"]
