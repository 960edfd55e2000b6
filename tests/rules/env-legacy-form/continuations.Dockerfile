# expect: findings
FROM alpine:3.21
ENV BUILD_DEPS \
		gcc \
		make
ENV GPG_KEYS \
# Jane Doe
	A0B1C2D3 \
# John Roe
	E4F5A6B7
ENV ONE_LINE_AFTER_KEY \
    value
