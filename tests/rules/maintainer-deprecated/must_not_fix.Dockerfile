# expect: none
FROM alpine:3.21
# MAINTAINER Jane Doe
LABEL org.opencontainers.image.authors="Jane Doe"
RUN echo MAINTAINER
