# expect: findings
FROM alpine:3.21
RUN apk add --no-cache \
        curl && \
    # The service's own user.
	adduser -D app
