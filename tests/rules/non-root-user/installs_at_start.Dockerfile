# expect: findings
# The command installs a package each time the container starts, which takes root.
FROM alpine:3.21
COPY server /app/server
CMD ["sh", "-c", "apk add --no-cache curl && /app/server"]
