# expect: findings
FROM alpine:3.21
MAINTAINER Jane Doe \
# the comment stays where it is
    <jane@example.com> \
    and friends
