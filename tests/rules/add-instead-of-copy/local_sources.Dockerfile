# expect: findings
FROM alpine:3.21
ADD . /app
ADD --chown=app:app --chmod=644 --link config.yaml settings/ /etc/app/
add lower.txt /lower/
Add Mixed.txt /mixed/
ADD ["with space.txt", "/dst/"]
ADD --exclude=*.md \
    docs/ \
    /srv/docs/
ONBUILD ADD . /src
