# expect: findings
FROM alpine:3.21 AS tools
RUN apk upgrade --no-cache   

# The tools the scripts below call.

  # Pinned by the base image's release.
RUN \
    # Both from the main repository.
    apk add --no-cache curl \
        jq

FROM alpine:3.21
RUN --network=host apk upgrade --no-cache
# Same flag as above.
RUN --network=host \
    # The shell comes first.
    apk add --no-cache bash \
      coreutils
