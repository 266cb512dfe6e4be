using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Tests.Semantics;

public class UserDataSecretsTests
{
    [Fact]
    public void Literal_secret_assignments_keys_and_private_keys_are_named_by_line_never_by_value()
    {
        const string userData = """
            #!/bin/bash
            export DB_PASSWORD=hunter2
            API_TOKEN="s3cr3t"
            aws_access_key: AKIAABCDEFGHIJKLMNOP
            -----BEGIN RSA PRIVATE KEY-----
            """;
        var found = UserDataSecrets.Find(userData);
        Assert.Equal(["line 2: DB_PASSWORD", "line 3: API_TOKEN", "line 4: AWS access key id", "line 5: private key"], found);
        Assert.DoesNotContain(found, f => f.Contains("hunter2", StringComparison.Ordinal) || f.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void Comments_references_and_empty_values_are_not_secrets()
    {
        const string userData = """
            #!/bin/bash
            # DB_PASSWORD=hunter2
              # the documentation's example key: AKIAIOSFODNN7EXAMPLE
            export DB_PASSWORD=$DB_PASSWORD_FROM_SSM
            API_TOKEN="$(aws ssm get-parameter --name /app/token)"
            CLIENT_SECRET=
            DB_PASSWORD_FILE=/run/secrets/db
            password: |
            """;
        Assert.Empty(UserDataSecrets.Find(userData));
        Assert.Empty(UserDataSecrets.Find(null));
    }

    [Fact]
    public void At_most_max_entries_are_reported()
    {
        var userData = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"SECRET_{i}=value{i}"));
        Assert.Equal(3, UserDataSecrets.Find(userData, max: 3).Count);
        Assert.Equal(10, UserDataSecrets.Find(userData).Count);
    }
}
