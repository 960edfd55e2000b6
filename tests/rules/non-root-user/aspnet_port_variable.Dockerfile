# expect: findings
# ASP.NET Core is told to listen on port 80, which takes root to bind: reported, not fixed.
FROM mcr.microsoft.com/dotnet/aspnet:8.0
ENV ASPNETCORE_URLS=http://+:80
WORKDIR /app
COPY publish/ .
ENTRYPOINT ["dotnet", "Api.dll"]
