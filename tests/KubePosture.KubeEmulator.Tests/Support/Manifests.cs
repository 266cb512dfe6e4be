namespace KubePosture.KubeEmulator.Tests.Support;

/// <summary>Manifests shared by the tests: a Widget CRD with status subresource, printer columns, defaults and limits.</summary>
public static class Manifests
{
    public const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wd]
            categories: [all]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Ready
              type: string
              jsonPath: .status.conditions[?(@.type=="Ready")].status
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size:
                        type: integer
                        minimum: 1
                        maximum: 10
                      color:
                        type: string
                        enum: [red, blue]
                        default: red
                      owner:
                        type: string
                        pattern: '^[a-z]+$'
                        maxLength: 12
                      tags:
                        type: array
                        maxItems: 3
                        items:
                          type: string
                      labels:
                        type: object
                        additionalProperties:
                          type: string
                      expires:
                        type: string
                        format: date-time
                      free:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
                    x-kubernetes-validations:
                    - rule: "self.size > 0"
                  status:
                    type: object
                    properties:
                      observedGeneration:
                        type: integer
                      conditions:
                        type: array
                        items:
                          type: object
                          required: [type, status]
                          properties:
                            type: {type: string}
                            status: {type: string}
                            reason: {type: string}
                            message: {type: string}
                            lastTransitionTime: {type: string, format: date-time}
                            observedGeneration: {type: integer}
        """;

    public static string Widget(string ns, string name, int size, string extraSpec = "") => $"""
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          size: {size}
        {extraSpec}
        """;
}
