# expect: findings
# The first RUN keeps apk's cache in a mount on purpose: the upgrade gets a RUN of its own.
FROM alpine:3.21
RUN --mount=type=cache,target=/var/cache/apk apk add curl
