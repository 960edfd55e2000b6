# expect: findings
# docker:dind's entrypoint starts dockerd, which needs root. Reported, not fixed.
FROM docker:27-dind
RUN apk add --no-cache make bash
