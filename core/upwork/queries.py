"""Every GraphQL document the product sends to Upwork (each is checked by a test
against the emulator's schema validation)."""

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

OWN_PROFILE = """
query OwnProfile {
  user {
    id name
    freelancerProfile {
      personalData { title description chargeRate { rawValue currency } }
      skills { skill { name prettyName } }
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

ROOM_STORIES = """
query RoomStories($roomId: ID, $pagination: Pagination) {
  roomStories(filter: { roomId_eq: $roomId }, pagination: $pagination) {
    edges { node { id message createdDateTime user { name } } }
    pageInfo { endCursor hasNextPage }
  }
}
"""

TIME_REPORT = """
query TimeReport($range: DateRange!) {
  timeReport(filter: { timeReportDate_bt: $range }) {
    dateWorkedOn totalHoursWorked memo
    contract { id title }
  }
}
"""

SUBMIT_PROPOSAL = """
mutation SubmitProposal($input: CreateVendorProposalInput!) {
  createVendorProposal(input: $input) { id status { status } marketplaceJobPosting { id } }
}
"""

OWN_PROPOSALS = """
query OwnProposals(
  $filter: VendorProposalFilter!
  $sort: VendorProposalSortAttribute!
  $pagination: Pagination!
) {
  vendorProposals(filter: $filter, sortAttribute: $sort, pagination: $pagination) {
    edges { node { id viewedByClient status { status } marketplaceJobPosting { id } } }
  }
}
"""

PROPOSAL_ROOMS = """
query ProposalRooms($pagination: Pagination) {
  roomList(pagination: $pagination, sortOrder: DESC) {
    edges {
      node {
        id roomName vendorProposal { id }
        latestStory { id message createdDateTime user { id name } }
      }
    }
  }
}
"""
