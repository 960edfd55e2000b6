FROM alpine
ENV A=1 B="two words" C='x y' D= E=1=2
ENV LEGACY value with  spaces
LABEL org.opencontainers.image.title="dockfix" version=1
ARG NAME
ARG WITH=default OTHER
ENV ESCAPED=a\ b
