# expect: findings
FROM alpine:3.21
# `docker build` refuses flags on MAINTAINER, and an empty one names no one.
MAINTAINER --author jane
MAINTAINER
