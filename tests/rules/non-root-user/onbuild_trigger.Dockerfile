# expect: findings
# The trigger installs a package in the builds of the images made from this one, which a
# `USER` added here would make fail: reported, not fixed.
FROM alpine:3.21
RUN apk add --no-cache curl
ONBUILD RUN apk add --no-cache git
CMD ["curl", "--version"]
