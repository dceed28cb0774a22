// The usage text of `stepwise load`, apart from the command so that printing help loads no template reader.

export const loadUsage = `stepwise load PATH [--endpoint URL] [--region R] [--account ID] [--dry-run]
      Loads a CDK cloud assembly (cdk.out), a CloudFormation template (JSON or YAML) or a SAM template into the
      Stepwise at URL (default http://127.0.0.1:8083): creates or updates its state machines, activities and
      triggers, deletes what an earlier load of PATH made and the template no longer has, and prints what it did
      and each resource it could not load, with the reason. --dry-run only prints.
      Calls are SigV4-signed with the credentials the AWS CLI would use (AWS_ACCESS_KEY_ID..., or the profile),
      as a server started with --auth requires.
      --region and --account are the server's (default us-east-1, 123456789012), or the signing key's account:
      ARNs in the template use them.
      Lambda functions run locally when the server was started with serve --load PATH.
      Exit code: 0 all loaded, 1 some resources not loaded, 2 PATH unreadable.`;
