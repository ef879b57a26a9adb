import JSON

/// Workflows every organisation has from the start, so that a new user can initiate a task at
/// once. One, shaped after the vendor's own examples (`vendor_contract_review`, "Vendor
/// Contract Review", its `vendor_name`, `contract_value` and `reviewer_email` variables and
/// its "Document Intake" step): intake → agent → approval → signature.
///
/// An organisation (or the seed part `"*"`, for every organisation) that defines a workflow
/// with the same id shadows it (`ChamelioWorkflows`).
enum ChamelioBuiltins {
    static let contractReview = ChamelioWorkflow(
        workflowID: "vendor_contract_review", name: "Vendor Contract Review", version: 1,
        description: "Review a vendor contract: intake, AI review, legal approval, signature.",
        isActive: true, titleTemplate: "{workflow_name} - {vendor_name}", collaborators: [],
        variables: [
            ChamelioVariableDef(id: "vendor_name", name: "Vendor Name", type: "text", required: true,
                                description: "Legal name of the vendor", validation: nil),
            ChamelioVariableDef(id: "contract_value", name: "Contract Value", type: "number", required: true,
                                description: "Total contract value in USD", validation: nil),
            ChamelioVariableDef(id: "reviewer_email", name: "Reviewer Email", type: "email", required: true,
                                description: "Who approves the contract", validation: nil),
            ChamelioVariableDef(id: "contract_type", name: "Contract Type", type: "select", required: false,
                                description: "Kind of agreement", validation: ["options": ["msa", "nda", "sow", "other"]]),
            ChamelioVariableDef(id: "start_date", name: "Start Date", type: "date", required: false,
                                description: "When the contract starts", validation: nil),
            ChamelioVariableDef(id: "contract_file", name: "Contract File", type: "file", required: false,
                                description: "The contract document", validation: ["allowed_extensions": [".pdf", ".docx", ".txt"]]),
        ],
        steps: [
            ChamelioStepDef(id: "intake_step", name: "Document Intake", type: .intake,
                            description: "Collect the contract and its details", assignee: nil, onReject: nil, outputs: []),
            ChamelioStepDef(id: "agent_step", name: "AI Review", type: .agent,
                            description: "AI review of the contract's terms and risks", assignee: nil, onReject: nil,
                            outputs: [ChamelioStepOutput(variableID: "risk_level", type: "select", value: "low")]),
            ChamelioStepDef(id: "approval_step", name: "Legal Approval", type: .approval,
                            description: "Legal approves or rejects the contract", assignee: "{reviewer_email}", onReject: nil,
                            outputs: []),
            ChamelioStepDef(id: "signature_step", name: "Signature", type: .signature,
                            description: "The contract owner signs", assignee: "{owner_email}", onReject: nil, outputs: []),
        ],
        publishedBy: nil, changelog: nil)

    static let all: [ChamelioWorkflow] = [contractReview]

    static func versions(_ workflowID: String) -> [ChamelioWorkflow] { all.filter { $0.workflowID == workflowID } }
}
