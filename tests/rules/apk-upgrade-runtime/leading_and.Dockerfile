# expect: findings
FROM python:3.13-alpine3.21
RUN FOO=1 apk add --no-cache curl \
    # For the health check.
 && adduser -D app
