# expect: findings
FROM debian:12
RUN apt-get install -y curl
RUN apt-get install -y -t bookworm-backports -o Dpkg::Use-Pty=0 golang && apt-get -y install git
RUN apt-get install make -y; sudo DEBIAN_FRONTEND=noninteractive apt-get -qq install gcc || env A=b apt-get install -y g++
RUN apt-get install tzdata
ONBUILD RUN apt-get install -y vim
