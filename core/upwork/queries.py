"""Every GraphQL document the product sends to Upwork (each is checked by a test
against the emulator's schema validation)."""

# Answered 401 without a token: `scout doctor` proves the API is reachable with it.
REACHABILITY = "query Reachability { __typename }"

JOB_FIELDS = """
id ciphertext title description createdDateTime publishedDateTime
skills { name } amount { rawValue currency }
hourlyBudgetMin { rawValue } hourlyBudgetMax { rawValue }
experienceLevel totalApplicants freelancersToHire duration
client {
  totalSpent { rawValue } totalHires totalReviews totalFeedback verificationStatus
  location { country }
}
"""

JOB_SEARCH = f"""
query JobSearch(
  $filter: MarketplaceJobPostingsSearchFilter
  $sort: [MarketplaceJobPostingSearchSortAttribute]
) {{
  marketplaceJobPostingsSearch(
    marketPlaceJobFilter: $filter, searchType: USER_JOBS_SEARCH, sortAttributes: $sort
  ) {{
    totalCount
    edges {{ cursor node {{ {JOB_FIELDS} }} }}
    pageInfo {{ endCursor hasNextPage }}
  }}
}}
"""

CURRENT_USER = """
query CurrentUser { user { id nid rid name email } }
"""

# [UTN-E] (alexey72882/UpworkToNotion docs/engineering-notes.md): the top-level organization
# is the freelancer's personal one, which createJobProposal takes as teamOrgId.
CURRENT_ORGANIZATION = """
query CurrentOrganization { organization { id name } }
"""

OWN_PROFILE = """
query OwnProfile {
  user {
    id name
    freelancerProfile {
      personalData { title description chargeRate { rawValue currency } }
      skills { edges { node { preferredLabel prettyName } } }
    }
  }
}
"""

ROOMS = """
query Rooms($pagination: Pagination) {
  roomList(pagination: $pagination, sortOrder: DESC) {
    totalCount
    edges {
      node {
        id roomName topic numUnread
        latestStory { id message createdDateTime user { name } }
      }
    }
    pageInfo { endCursor hasNextPage }
  }
}
"""

# roomStories has no pagination argument: the page sits in filter.storyFilter.pagination.
ROOM_STORIES = """
query RoomStories($filter: RoomStoryFilter!) {
  roomStories(filter: $filter) {
    edges { node { id message createdDateTime user { name } } }
    pageInfo { endCursor hasNextPage }
  }
}
"""

# The work diary of a freelancer: talentWorkHistory (the contracts), workDays (the days with
# time on one contract), workDiaryContract (one day's ten-minute cells). This is the path a
# public client runs for a freelancer against the live API (UpworkToNotion docs/upwork-api.md,
# "Confirmed Working", dates yyyyMMdd). timeReport / contractTimeReport need an
# organizationId_eq that no source shows working for a freelancer's own hours, and
# user { contractTimeReport } has no confirmed date format, so neither is on this path.
ACTIVE_CONTRACTS = """
query ActiveContracts($filter: TalentWorkHistoryFilterInput) {
  talentWorkHistory(filter: $filter) { workHistoryList { contract { id title } } }
}
"""

WORK_DAYS = """
query WorkDays($input: WorkdaysInput!) {
  workDays(workdaysInput: $input) { workDays }
}
"""

WORK_DIARY = """
query WorkDiary($input: WorkDiaryContractInput!) {
  workDiaryContract(workDiaryContractInput: $input) { workDiaryTimeCells { memo manual } }
}
"""

SUBMIT_PROPOSAL = """
mutation SubmitProposal($input: CreateJobProposalInput!) {
  createJobProposal(input: $input) { newProposalId status error }
}
"""

OWN_PROPOSALS = """
query OwnProposals(
  $filter: VendorProposalFilter!
  $sort: VendorProposalSortAttribute!
  $pagination: Pagination!
) {
  vendorProposals(filter: $filter, sortAttribute: $sort, pagination: $pagination) {
    edges { node { id status { status } marketplaceJobPosting { id } } }
  }
}
"""

PROPOSAL_ROOMS = """
query ProposalRooms($pagination: Pagination) {
  roomList(pagination: $pagination, sortOrder: DESC) {
    edges {
      node {
        id offerIds vendorProposal { id }
        stories(filter: { pagination: { first: 20 } }) {
          edges { node { id message createdDateTime user { id name } } }
        }
      }
    }
  }
}
"""
