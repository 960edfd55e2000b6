# expect: findings
FROM alpine:3.21
CMD echo $HOME
CMD ./configure && make
CMD cd /app; ./run
CMD ls *.txt | sort > /tmp/out
CMD PORT=8080 ./server
CMD ['single', 'quotes']
CMD ./run # trailing comment
CMD sudo -u app ./run
HEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1
FROM mcr.microsoft.com/windows/servercore:ltsc2022
CMD ping localhost
