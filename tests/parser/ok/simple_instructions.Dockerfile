FROM alpine
EXPOSE 80/tcp 443
VOLUME ["/data", "/logs"]
VOLUME /cache
USER app:app
WORKDIR /srv/my app
STOPSIGNAL SIGTERM
MAINTAINER someone@example.com
